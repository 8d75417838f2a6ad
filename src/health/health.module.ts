import { Module } from '@nestjs/common';
import { PassModule } from '../pass/pass.module';
import { HealthController } from './health.controller';

@Module({ imports: [PassModule], controllers: [HealthController] })
export class HealthModule {}
