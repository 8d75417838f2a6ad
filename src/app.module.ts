import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './access/access.module';
import { CommonModule } from './common/common.module';
import { ContractsModule } from './contracts/contracts.module';
import { ProblemFilter } from './common/errors/problem.filter';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExpositionModule } from './exposition/exposition.module';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { OtlpModule } from './ingest/otlp/otlp.module';
import { RemoteWriteModule } from './ingest/remote-write/remote-write.module';
import { PassModule } from './pass/pass.module';
import { NotificationsModule } from './notifications/notifications.module';
import { VendorsModule } from './vendors/vendors.module';

export interface AppOptions {
  config: AppConfig;
  /** The database actually used: DATABASE_URL, or the embedded server's URL. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        CommonModule,
        DatabaseModule.forRoot(databaseUrl),
        ExpositionModule,
        HealthModule,
        AccessModule,
        VendorsModule,
        ContractsModule,
        IngestModule,
        OtlpModule,
        RemoteWriteModule,
        PassModule,
        NotificationsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
