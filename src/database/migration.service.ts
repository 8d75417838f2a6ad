import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrateWithLock } from './advisory-lock';

/** Applies reviewed migrations before the app serves anything (onModuleInit precedes listen). */
@Injectable()
export class MigrationService implements OnModuleInit {
  private readonly logger = new Logger(MigrationService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrateWithLock(this.dataSource);
    if (applied.length > 0) this.logger.log({ msg: 'Applied database migrations', migrations: applied });
  }

  /** True when every migration the code knows is applied. */
  async isUpToDate(): Promise<boolean> {
    return !(await this.dataSource.showMigrations());
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
