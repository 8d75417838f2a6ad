import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { type EvaluationRun, PassService } from './pass.service';
import { StatusService } from './status.service';
import { type CompactionRun, CompactionService } from '../evaluation/compaction.service';

const COMPACTION_REQUEST_MS = 10_000;

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1')
export class PassController {
  constructor(
    private readonly evaluation: PassService,
    private readonly statuses: StatusService,
    private readonly compaction: CompactionService,
  ) {}

  @Post('evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate every contract now, synchronously (admin)' })
  evaluate(): Promise<EvaluationRun> {
    return this.evaluation.evaluateNow();
  }

  /** After a backfill, or where scheduling is off: what the compaction job would do, for up to 10 s. */
  @Post('compactions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compact folded samples into day chunks now, for up to 10 s (admin)' })
  compact(): Promise<CompactionRun> {
    return this.compaction.run(COMPACTION_REQUEST_MS);
  }

  @ReadRoute('contracts/:key/status', "A contract's current evaluation")
  status(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.statuses.status(principal, key);
  }
}
