import { Injectable, Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/errors/classify';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import { runIsolated } from '../common/isolation';
import { PassMetrics } from './pass.metrics';
import { PassHealth } from './pass-health';

export type PassStage = 'evaluate' | 'save' | 'breaches' | 'close' | 'facts';

/** Runs the stages of a pass so that one contract's failure costs that contract only. */
@Injectable()
export class PassStages {
  private readonly logger = new Logger('PassService');

  constructor(
    private readonly metrics: PassMetrics,
    private readonly health: PassHealth,
  ) {}

  /**
   * One stage of the pass over a group of contracts, isolated per contract: a contract whose work
   * throws is counted in `sla_evaluation_errors_total{contract,stage}`, logged by name and left out of
   * the later stages; the other contracts go on. A database that is away fails the whole pass instead
   * (every contract would fail alike, and bisecting would only multiply the waiting).
   */
  async run<R>(
    stage: PassStage,
    contracts: ActiveContract[],
    work: (group: ActiveContract[]) => Promise<R>,
    failed: Set<string>,
  ): Promise<R[]> {
    const outcome = await runIsolated(contracts, work, {
      suspect: (c) => this.health.isSuspect(c.id),
      abort: isDatabaseUnavailable,
    });
    for (const { item: contract, error } of outcome.failed) {
      failed.add(contract.id);
      this.metrics.errors.inc({ contract: contract.key, stage });
      this.logger.error({
        msg: 'Contract failed in the pass; the other contracts went on',
        contract: contract.key,
        vendor: contract.vendorKey,
        stage,
        err: String(error),
      });
    }
    return outcome.results;
  }
}
