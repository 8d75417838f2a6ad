import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** The outbox, below breaches and statements (which write it) and notifications (which reads it). */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
