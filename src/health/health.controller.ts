import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { MigrationService } from '../database/migration.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly migrations: MigrationService) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Database reachable and migrations applied (503 otherwise)' })
  async ready(): Promise<{ status: 'ok'; database: 'ok'; migrations: 'ok' }> {
    try {
      await this.migrations.ping();
    } catch {
      throw new DomainError('unavailable', 'The database is unreachable', undefined, 5);
    }
    if (!(await this.migrations.isUpToDate())) {
      throw new DomainError('unavailable', 'Database migrations are not yet applied', undefined, 5);
    }
    return { status: 'ok', database: 'ok', migrations: 'ok' };
  }
}
