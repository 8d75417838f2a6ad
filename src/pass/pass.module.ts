import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ContractsModule } from '../contracts/contracts.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { IngestModule } from '../ingest/ingest.module';
import { BreachesModule } from '../breaches/breaches.module';
import { StatementsModule } from '../statements/statements.module';
import { PassController } from './pass.controller';
import { PassMetrics } from './pass.metrics';
import { PassScheduler } from './pass.scheduler';
import { PassService } from './pass.service';
import { StatusService } from './status.service';
import { ContractFactsService } from './contract-facts.service';
import { SlaExposition } from './sla.exposition';
import { PassHealth } from './pass-health';
import { PassStages } from './pass-stages';

/** The evaluation pass: roll up, evaluate, breaches, period close; its schedule and endpoints. */
@Module({
  imports: [AccessModule, ContractsModule, EvaluationModule, BreachesModule, StatementsModule, IngestModule],
  controllers: [PassController],
  providers: [
    PassMetrics,
    PassService,
    PassScheduler,
    StatusService,
    ContractFactsService,
    SlaExposition,
    PassHealth,
    PassStages,
  ],
  exports: [PassHealth],
})
export class PassModule {}
