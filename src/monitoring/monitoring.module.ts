import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ContractsModule } from '../contracts/contracts.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { IngestModule } from '../ingest/ingest.module';
import { BreachesModule } from '../breaches/breaches.module';
import { StatementsModule } from '../statements/statements.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringMetrics } from './monitoring.metrics';
import { MonitoringScheduler } from './monitoring.scheduler';
import { MonitoringService } from './monitoring.service';
import { StatusService } from './status.service';
import { ContractFactsService } from './contract-facts.service';
import { SlaExposition } from './sla.exposition';
import { PassHealth } from './pass-health';
import { PassStages } from './pass-stages';

/** The monitoring pass: roll up, evaluate, breaches, period close; its schedule and endpoints. */
@Module({
  imports: [AccessModule, ContractsModule, EvaluationModule, BreachesModule, StatementsModule, IngestModule],
  controllers: [MonitoringController],
  providers: [
    MonitoringMetrics,
    MonitoringService,
    MonitoringScheduler,
    StatusService,
    ContractFactsService,
    SlaExposition,
    PassHealth,
    PassStages,
  ],
  exports: [PassHealth],
})
export class MonitoringModule {}
