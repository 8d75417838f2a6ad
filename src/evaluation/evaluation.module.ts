import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ContractsModule } from '../contracts/contracts.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationMetrics } from './evaluation.metrics';
import { EvaluationResultsRepository } from './evaluation-results.repository';
import { EvaluationScheduler } from './evaluation.scheduler';
import { EvaluationService } from './evaluation.service';
import { EvaluationSnapshot } from './evaluation.snapshot';
import { EvaluationTargetsRepository } from './evaluation-targets.repository';
import { DeadlineEvaluator } from './indicators/deadline.evaluator';
import { FreshnessEvaluator } from './indicators/freshness.evaluator';
import { SampleIndicators } from './indicators/sample-indicators';
import { TimesliceEvaluator } from './indicators/timeslice.evaluator';
import { MetricDataRepository } from './metric-data.repository';
import { RollupRepository } from './rollup.repository';
import { RollupService } from './rollup.service';
import { StatusService } from './status.service';
import { TimesliceChunksRepository } from './timeslice-chunks.repository';
import { WorkItemsRepository } from './work-items.repository';

@Module({
  imports: [AccessModule, ContractsModule],
  controllers: [EvaluationController],
  providers: [
    EvaluationMetrics,
    EvaluationSnapshot,
    EvaluationService,
    EvaluationScheduler,
    EvaluationTargetsRepository,
    EvaluationResultsRepository,
    StatusService,
    RollupRepository,
    RollupService,
    MetricDataRepository,
    TimesliceChunksRepository,
    WorkItemsRepository,
    SampleIndicators,
    TimesliceEvaluator,
    FreshnessEvaluator,
    DeadlineEvaluator,
  ],
  exports: [EvaluationService, EvaluationSnapshot],
})
export class EvaluationModule {}
