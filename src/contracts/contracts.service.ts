import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { parseDocument as parseYamlDocument } from 'yaml';
import { canSeeVendor, type Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { runStepsInTurns } from '../common/steps';
import { isSlug } from '../common/validation/slug';
import { VendorsRepository } from '../vendors/vendors.repository';
import { type ApplyResult, type ContractRow, ContractsRepository } from './contracts.repository';
import { validationSteps } from './domain/contract-validator';
import {
  documentHash,
  type DocumentFormat,
  parseDocument,
  toYaml,
  withoutServerMetadata,
} from './domain/document';
import { isObject } from './domain/reader';
import { Transactions } from '../database/transactions';
import { InputSelectorsRepository } from './input-selectors.repository';

export interface ContractSummary {
  key: string;
  title: string;
  vendor: string;
  timezone: string;
  version: number;
  sha256: string;
  appliedAt: string;
}

export interface ServedDocument {
  /** The document with `metadata.version`, `metadata.sha256` and `metadata.appliedAt` added. */
  json: Record<string, unknown>;
  /** The same as YAML; a document applied as YAML keeps its comments and layout. */
  yaml(): string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly vendors: VendorsRepository,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly selectors: InputSelectorsRepository,
  ) {}

  /** Validates and applies a document given as JSON (already parsed) or YAML (text). */
  async apply(
    key: string,
    body: unknown,
    format: DocumentFormat,
    principal: Principal,
  ): Promise<ApplyResult> {
    let doc = body;
    let source: string;
    if (format === 'yaml') {
      if (typeof body !== 'string') throw new DomainError('bad_request', 'A YAML body must be text');
      const parsed = parseDocument(body, 'yaml');
      // Keys given twice are a readable document with a problem at a path: 422, like field errors.
      if (!parsed.ok && parsed.errors) throw DomainError.validation(parsed.errors, parsed.message);
      if (!parsed.ok) throw new DomainError('bad_request', parsed.message);
      doc = parsed.doc;
      source = body;
    } else {
      source = JSON.stringify(body, null, 2);
    }
    if (!isObject(doc)) {
      throw new DomainError('bad_request', 'The contract document must be an object', [
        { path: '(document)', message: 'must be an object' },
      ]);
    }
    await setImmediate();
    // An edit of a running contract may keep the start it was stored with, however long ago.
    const current = isSlug(key) ? await this.contracts.findByKey(key) : undefined;
    const result = await runStepsInTurns(
      validationSteps(doc, key, { now: this.clock.now(), storedFrom: current?.spec.effective.from }),
    );
    const errors = result.ok ? [] : [...result.errors];
    // The vendor is checked even when other fields fail, so one answer lists every problem.
    const vendorKey = isObject(doc.spec) && typeof doc.spec.vendor === 'string' ? doc.spec.vendor : undefined;
    const vendor =
      vendorKey !== undefined && isSlug(vendorKey) ? await this.vendors.findByKey(vendorKey) : null;
    if (vendorKey !== undefined && isSlug(vendorKey) && !vendor) {
      errors.push({
        path: 'spec.vendor',
        message: `names no known vendor (${vendorKey}); create it with PUT /api/v1/vendors/${vendorKey}`,
      });
    }
    if (!result.ok || errors.length > 0 || !vendor)
      throw DomainError.validation(errors, 'The contract document is invalid');
    // A 2 MiB document costs tens of milliseconds per step: let other requests in between steps.
    await setImmediate();
    const stored = withoutServerMetadata(doc);
    const input = {
      spec: result.spec,
      vendorId: vendor.id,
      document: stored,
      sha256: documentHash(stored),
      source,
      sourceFormat: format,
      appliedBy: principal.name,
      appliedAt: new Date(this.clock.now()),
    };
    // One transaction with the selectors the vendor's objectives now read; a race with another first
    // apply of the same key retries once as an update.
    const applyOnce = () =>
      this.transactions.run(async (em) => {
        const result = await this.contracts.apply(em, input);
        if (result.changed) await this.selectors.sync(em, input.vendorId);
        return result;
      });
    try {
      return await applyOnce();
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      return applyOnce();
    }
  }

  async list(principal: Principal): Promise<ContractSummary[]> {
    const rows = await this.contracts.list(principal.role === 'vendor' ? principal.vendorId : null);
    return rows.map(summary);
  }

  async get(principal: Principal, key: string, version?: number): Promise<ServedDocument> {
    const contract = await this.visible(principal, key);
    let document = contract.document;
    let source = contract.source;
    let sourceFormat = contract.sourceFormat;
    let appliedAt = contract.appliedAt;
    let sha256 = contract.sha256;
    const number = version ?? contract.currentVersion;
    if (version !== undefined && version !== contract.currentVersion) {
      const old = await this.contracts.findVersion(contract.id, version);
      if (!old) throw DomainError.notFound(`Version ${version} of contract ${key}`);
      ({ document, source, sourceFormat, appliedAt, sha256 } = old);
    }
    const added = { version: number, sha256, appliedAt: appliedAt.toISOString() };
    const doc = document as Record<string, unknown>;
    const json = { ...doc, metadata: { ...(doc.metadata as Record<string, unknown>), ...added } };
    return {
      json,
      yaml: () => {
        if (sourceFormat !== 'yaml') return toYaml(json);
        const yamlDoc = parseYamlDocument(source);
        for (const [k, v] of Object.entries(added)) yamlDoc.setIn(['metadata', k], v);
        return yamlDoc.toString({ lineWidth: 0 });
      },
    };
  }

  async versions(principal: Principal, key: string) {
    const contract = await this.visible(principal, key);
    const versions = await this.contracts.listVersions(contract.id);
    return versions.map((v) => ({
      version: v.version,
      appliedAt: v.appliedAt.toISOString(),
      sha256: v.sha256,
      appliedBy: v.appliedBy,
    }));
  }

  /** The contract if the caller may see it; a vendor asking for another vendor's contract gets 404. */
  async visible(principal: Principal, key: string): Promise<ContractRow> {
    const contract = isSlug(key) ? await this.contracts.findByKey(key) : undefined;
    if (!contract || !canSeeVendor(principal, contract.vendorId))
      throw DomainError.notFound(`Contract ${key}`);
    return contract;
  }
}

function summary(c: ContractRow): ContractSummary {
  return {
    key: c.key,
    title: c.title,
    vendor: c.vendorKey,
    timezone: c.timezone,
    version: c.currentVersion,
    sha256: c.sha256,
    appliedAt: c.appliedAt.toISOString(),
  };
}
