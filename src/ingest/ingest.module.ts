import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { VendorsModule } from '../vendors/vendors.module';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { IngestGate } from './ingest-gate';
import { IngestController } from './ingest.controller';
import { IngestMetrics } from './ingest.metrics';
import { SamplesRepository } from './samples.repository';
import { SamplesService } from './samples.service';
import { StorageMaintenanceScheduler } from './storage-maintenance.scheduler';
import { StorageMaintenanceService } from './storage-maintenance.service';
import { VendorFeeds } from './vendor-feeds';
import { CompactionHorizon } from './compaction-horizon';

@Module({
  imports: [AccessModule, VendorsModule],
  controllers: [IngestController],
  providers: [
    IngestMetrics,
    IngestGate,
    SamplesRepository,
    SamplesService,
    CompactionHorizon,
    EventsRepository,
    EventsService,
    IdempotencyRepository,
    IdempotencyService,
    StorageMaintenanceService,
    StorageMaintenanceScheduler,
    VendorFeeds,
  ],
  // SamplesService and IngestMetrics serve the vendor-pipeline receivers (otlp/, remote-write/) too.
  exports: [
    SamplesRepository,
    IdempotencyRepository,
    VendorFeeds,
    SamplesService,
    IngestMetrics,
    CompactionHorizon,
  ],
})
export class IngestModule {}
