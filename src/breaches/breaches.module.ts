import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ContractsModule } from '../contracts/contracts.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { OutboxModule } from '../outbox/outbox.module';
import { BreachLifecycleService } from './breach-lifecycle.service';
import { BreachQueriesRepository } from './breach-queries.repository';
import { BreachesController } from './breaches.controller';
import { BreachesRepository } from './breaches.repository';
import { BreachesService } from './breaches.service';
import { DeliverableBreaches } from './deliverable-breaches';

@Module({
  imports: [AccessModule, OutboxModule, EvaluationModule, ContractsModule],
  controllers: [BreachesController],
  providers: [
    BreachesRepository,
    BreachQueriesRepository,
    BreachesService,
    BreachLifecycleService,
    DeliverableBreaches,
  ],
  exports: [BreachesRepository, BreachQueriesRepository, BreachLifecycleService],
})
export class BreachesModule {}
