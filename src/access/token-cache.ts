import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Principal } from './domain/roles';
import type { Instant } from '../common/time/instant';

/** Channel on which every revocation is announced (NOTIFY in the revoking transaction). */
export const REVOCATION_CHANNEL = 'sla_api_key_revoked';
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;

/**
 * Saves the token lookup on hot paths (a single-sample push is otherwise two round trips). Safe for
 * revocation: the revoking replica evicts at once, the others on the NOTIFY a few milliseconds later;
 * without a live LISTEN connection nothing is cached, and entries expire after 10 s regardless.
 */
@Injectable()
export class TokenCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TokenCache.name);
  // Bounded by least-recent use (lru-cache). Expiry stays on the caller's clock (`now`), not the
  // library's `ttl` (performance.now): the services pass the injected Clock, which tests move.
  private readonly entries = new LRUCache<string, { principal: Principal; expiresMs: number }>({
    max: MAX_ENTRIES,
  });
  private listener?: Client;
  private listening = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.stopListening();
    await this.listener?.end().catch(() => undefined);
  }

  get(hash: string, now: Instant): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresMs > now && this.listening) return entry.principal;
    this.entries.delete(hash);
    return undefined;
  }

  set(hash: string, principal: Principal, now: Instant): void {
    if (!this.listening) return;
    this.entries.set(hash, { principal, expiresMs: now + TTL_MS });
  }

  evictKey(keyId: string): void {
    for (const [hash, entry] of this.entries.entries())
      if (entry.principal.keyId === keyId) this.entries.delete(hash);
  }

  private stopListening(): void {
    this.listening = false;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url || this.closed) return;
    const client = new Client({ connectionString: url, application_name: 'sla-sentinel-listen' });
    client.on('notification', (message) => {
      if (message.payload) this.evictKey(message.payload);
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.stopListening();
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      this.listener = client;
      await client.connect();
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
      this.listening = !this.closed;
    } catch (error) {
      this.logger.warn({ msg: 'Token cache off: cannot LISTEN for revocations', err: String(error) });
      lost();
      await client.end().catch(() => undefined);
    }
  }
}
