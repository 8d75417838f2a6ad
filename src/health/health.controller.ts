import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { MigrationService } from '../database/migration.service';
import { type EvaluationHealth, PassHealth } from '../pass/pass-health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly migrations: MigrationService,
    private readonly passes: PassHealth,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Database reachable and migrations applied (503 otherwise); `evaluation` tells how this replica’s passes go',
  })
  async ready(): Promise<{
    status: 'ok';
    database: 'ok';
    migrations: 'ok';
    evaluation: EvaluationHealth['status'];
  }> {
    try {
      await this.migrations.ping();
    } catch {
      throw new DomainError('unavailable', 'The database is unreachable', undefined, 5);
    }
    if (!(await this.migrations.isUpToDate())) {
      throw new DomainError('unavailable', 'Database migrations are not yet applied', undefined, 5);
    }
    // Ingest must go on while evaluation fails (the data is what a later pass needs), so failing passes
    // do not take the replica out of a load balancer: they show here and on /health/evaluation.
    return { status: 'ok', database: 'ok', migrations: 'ok', evaluation: this.passes.report().status };
  }

  @Get('evaluation')
  @ApiOperation({
    summary:
      'How this replica’s evaluation passes go: 503 when passes keep failing (3 in a row), 200 otherwise',
  })
  evaluation(): EvaluationHealth {
    const report = this.passes.report();
    if (report.status === 'failing') {
      throw new DomainError(
        'unavailable',
        `The last ${report.consecutiveFailedPasses} evaluation passes failed`,
        undefined,
        30,
      );
    }
    return report;
  }
}
