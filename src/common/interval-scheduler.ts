import { type BeforeApplicationShutdown, Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The skeleton every interval scheduler shares: from bootstrap, run work every so often under a
 * registered interval, log (never throw) what it throws, and on SIGTERM stop ticking and wait for a
 * run in progress. Config and the registry are injected as properties, so a subclass's constructor
 * takes only its own service.
 */
export abstract class IntervalScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  @Inject(APP_CONFIG) protected readonly config!: AppConfig;
  @Inject(SchedulerRegistry) private readonly registry!: SchedulerRegistry;
  protected readonly logger = new Logger(this.constructor.name);

  /** `name` names the interval and the default failure message. */
  protected constructor(private readonly name: string) {}

  abstract onApplicationBootstrap(): void;

  /** Whether a run is in progress, which shutdown waits for. */
  protected abstract get busy(): boolean;

  protected start(everyMs: number, work: () => Promise<void>): void {
    this.registry.addInterval(
      this.name,
      setInterval(() => void this.run(work), everyMs),
    );
  }

  /** One run, its failure logged with `failure` as the message. */
  protected async run(work: () => Promise<void>, failure = `${this.name} run failed`): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ msg: failure, err: String(error) });
    }
  }

  /** No new runs; resolves once the run in progress (if any) has finished. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
