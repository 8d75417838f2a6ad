import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { type EvaluationRun, PassService } from './pass.service';
import { StatusService } from './status.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1')
export class PassController {
  constructor(
    private readonly evaluation: PassService,
    private readonly statuses: StatusService,
  ) {}

  @Post('evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate every contract now, synchronously (admin)' })
  evaluate(): Promise<EvaluationRun> {
    return this.evaluation.evaluateNow();
  }

  @ReadRoute('contracts/:key/status', "A contract's current evaluation")
  status(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.statuses.status(principal, key);
  }
}
