import 'reflect-metadata';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { createLogger } from './common/logging';
import { type AppConfig, ConfigError, loadConfig } from './config/config';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';

// Bootstrap only: validate config, bring up the database, start the app, shut down cleanly.

function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line naming the variable, nothing else: the operator fixes it and retries.
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function startEmbeddedOrExit(
  config: AppConfig,
  log: ReturnType<typeof createLogger>,
): Promise<EmbeddedDatabase> {
  log.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
  try {
    return await startEmbeddedPostgres({
      dir: join(config.dataDir, 'postgres'),
      log: (message) => log.debug({ context: 'EmbeddedPostgres' }, message),
    });
  } catch (error) {
    log.fatal({ err: error }, 'The embedded PostgreSQL could not start');
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
  const embedded = config.databaseUrl === undefined ? await startEmbeddedOrExit(config, log) : undefined;
  const databaseUrl = config.databaseUrl ?? embedded?.url ?? '';

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down: finishing in-flight work');
    // Hard deadline: exit within 10 s of SIGTERM (docs/performance.md).
    setTimeout(() => {
      log.error('Shutdown took longer than 9 s; exiting');
      process.exit(1);
    }, 9000).unref();
    try {
      await app?.close();
      await embedded?.stop();
      log.info('Stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (s) => void shutdown(s));
  process.once('SIGINT', (s) => void shutdown(s));

  try {
    app = await createApp({ config, databaseUrl });
    await app.listen({ port: config.port, host: config.host });
    log.info(
      { port: config.port, host: config.host, embedded: embedded !== undefined },
      'SLA Sentinel is listening',
    );
  } catch (error) {
    log.fatal({ err: error }, 'Start-up failed');
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
