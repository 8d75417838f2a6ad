import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { BreachesModule } from '../breaches/breaches.module';
import { ContractsModule } from '../contracts/contracts.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PeriodCloser } from './period-closer.service';
import { StatementComposer } from './statement-composer.service';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';
import { StatementWriter } from './statement-writer.service';

@Module({
  imports: [AccessModule, ContractsModule, EvaluationModule, BreachesModule, OutboxModule],
  controllers: [StatementsController],
  providers: [StatementsRepository, StatementComposer, StatementWriter, PeriodCloser, StatementsService],
  exports: [PeriodCloser, StatementsRepository],
})
export class StatementsModule {}
