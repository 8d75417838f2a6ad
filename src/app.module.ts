import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { CommonModule } from './common/common.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { pinoOptions } from './common/logging';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExpositionModule } from './exposition/exposition.module';
import { HealthModule } from './health/health.module';
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
        LoggerModule.forRoot({
          pinoHttp: {
            ...pinoOptions(config.logLevel),
            // Probes and scrapes every few seconds would drown the request log.
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            customProps: () => ({ context: 'HTTP' }),
          },
        }),
        ScheduleModule.forRoot(),
        CommonModule,
        DatabaseModule.forRoot(databaseUrl),
        ExpositionModule,
        HealthModule,
        AccessModule,
        VendorsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
