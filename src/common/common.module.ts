import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { PeriodCloseSignal } from './period-close-signal';

@Global()
@Module({ providers: [Clock, PeriodCloseSignal], exports: [Clock, PeriodCloseSignal] })
export class CommonModule {}
