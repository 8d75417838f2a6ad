import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source';
import { MigrationService } from './migration.service';
import { Transactions } from './transactions';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl),
          // Start-up waits a little for a database that is still coming up, then fails loudly.
          retryAttempts: 5,
          retryDelay: 1000,
        }),
      ],
      providers: [MigrationService, Transactions],
      exports: [MigrationService, Transactions],
    };
  }
}
