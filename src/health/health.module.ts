import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { HealthController } from './health.controller';

@Module({ imports: [MonitoringModule], controllers: [HealthController] })
export class HealthModule {}
