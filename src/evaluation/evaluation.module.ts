import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { EvaluationResultsRepository } from './evaluation-results.repository';
import { EvaluationSnapshot } from './evaluation.snapshot';
import { DeadlineEvaluator } from './indicators/deadline.evaluator';
import { FreshnessEvaluator } from './indicators/freshness.evaluator';
import { SampleEvaluator } from './indicators/sample.evaluator';
import { TimesliceEvaluator } from './indicators/timeslice.evaluator';
import { MetricDataRepository } from './metric-data.repository';
import { ObjectiveEvaluator } from './objective-evaluator';
import { IntervalCache } from './interval-cache';
import { RollupRepository } from './rollup.repository';
import { RollupService } from './rollup.service';
import { RollupMetrics } from './rollup.metrics';
import { LateDataRepository } from './late-data.repository';
import { CounterFold } from './counter-fold';
import { BucketRebuilder } from './bucket-rebuilder';
import { RawHoursRepository } from './raw-hours.repository';
import { CounterFoldRepository } from './counter-fold.repository';
import { TimesliceChunksRepository } from './timeslice-chunks.repository';
import { WorkItemsRepository } from './work-items.repository';
import { MinuteLevel } from './minute-level';
import { MinuteLevelRepository } from './minute-level.repository';

import { CompactionScheduler } from './compaction.scheduler';
import { FoldScheduler } from './fold.scheduler';
import { SeriesInputs } from './series-inputs';
import { InputSeries } from './input-series';
import { InputSeriesRepository } from './input-series.repository';
import { BatchIndexRepository } from './batch-index.repository';
import { SeriesInputsRepository } from './series-inputs.repository';
import { CompactionService } from './compaction.service';
import { SampleChunksRepository } from './sample-chunks.repository';

@Module({
  imports: [IngestModule],
  providers: [
    EvaluationSnapshot,
    EvaluationResultsRepository,
    RollupRepository,
    RollupService,
    RollupMetrics,
    MetricDataRepository,
    TimesliceChunksRepository,
    WorkItemsRepository,
    SampleEvaluator,
    TimesliceEvaluator,
    FreshnessEvaluator,
    DeadlineEvaluator,
    ObjectiveEvaluator,
    IntervalCache,
    LateDataRepository,
    CounterFold,
    CounterFoldRepository,
    BucketRebuilder,
    RawHoursRepository,
    MinuteLevel,
    MinuteLevelRepository,
    SampleChunksRepository,
    CompactionService,
    CompactionScheduler,
    FoldScheduler,
    SeriesInputs,
    InputSeries,
    InputSeriesRepository,
    SeriesInputsRepository,
    BatchIndexRepository,
  ],
  exports: [
    LateDataRepository,
    EvaluationSnapshot,
    ObjectiveEvaluator,
    EvaluationResultsRepository,
    RollupService,
    CompactionService,
  ],
})
export class EvaluationModule {}
