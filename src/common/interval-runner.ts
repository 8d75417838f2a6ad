import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * The skeleton every scheduler shares: run `work` every `everyMs` under a registered interval, log
 * (never throw) what it throws, and on shutdown stop ticking and wait for a run in progress.
 */
export class IntervalRunner {
  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  start(everyMs: number, work: () => Promise<void>): void {
    this.registry.addInterval(
      this.name,
      setInterval(() => void this.run(work), everyMs),
    );
  }

  /** One run, its failure logged with `failure` as the message. */
  async run(work: () => Promise<void>, failure = `${this.name} run failed`): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ msg: failure, err: String(error) });
    }
  }

  /** No new runs; resolves once `busy()` says the run in progress (if any) has finished. */
  async stop(busy: () => boolean): Promise<void> {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
