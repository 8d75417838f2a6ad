import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import type { Principal, Role } from './domain/roles';
import { bearerToken, formatToken, hashesEqual, hashToken, tokenPrefix } from './domain/tokens';
import { TokenCache } from './token-cache';
import { LOCK_KEYS } from '../database/advisory-lock';
import { Transactions } from '../database/transactions';
import { TOKEN_SECRET } from './token-secret';

/** A key as listed (never the token or its hash). */
export interface ApiKeyView {
  id: string;
  prefix: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export type StaffKeyView = ApiKeyView & { role: string };

/** `extra` (a staff key's role) goes before the dates, where the listings have always had it. */
function keyView<E extends object>(k: ApiKeyEntity, extra: E): ApiKeyView & E {
  return {
    id: k.id,
    prefix: k.prefix,
    name: k.name,
    ...extra,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export interface IssuedKey {
  id: string;
  token: string;
  prefix: string;
  name: string;
  role: Role;
  createdAt: string;
}

@Injectable()
export class AccessService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccessService.name);

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
    @Inject(TOKEN_SECRET) private readonly secret: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: TokenCache,
    private readonly transactions: Transactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureBootstrapAdmin();
  }

  /** Resolves the caller of a request; every failure is the same 401 so tokens cannot be probed. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw new DomainError('unauthorized', 'A bearer token is required (Authorization: Bearer <token>)');
    }
    const hash = hashToken(this.secret, token);
    const hex = hash.toString('hex');
    const now = this.clock.now();
    const cached = this.cache.get(hex, now);
    if (cached) return cached;
    const key = await this.keys.findActiveByHash(hash);
    // The lookup is by keyed hash; the constant-time compare guards against any index shortcut.
    if (!key || !hashesEqual(key.tokenHash, hash)) {
      throw new DomainError('unauthorized', 'The token is unknown or revoked');
    }
    const principal: Principal = { keyId: key.id, name: key.name, role: key.role, vendorId: key.vendorId };
    this.cache.set(hex, principal, now);
    return principal;
  }

  async issue(role: Role, name: string, vendorId: string | null): Promise<IssuedKey> {
    const token = formatToken(role, randomBytes(32));
    const saved = await this.keys.insert({
      name,
      role,
      vendorId,
      prefix: tokenPrefix(token),
      tokenHash: hashToken(this.secret, token),
    });
    return {
      id: saved.id,
      token,
      prefix: saved.prefix,
      name: saved.name,
      role: saved.role,
      createdAt: saved.createdAt.toISOString(),
    };
  }

  /** `DELETE /api-keys/{id}`: an admin or viewer key; never the last admin key. */
  async revokeStaffKey(id: string): Promise<void> {
    const outcome = /^[0-9a-f-]{36}$/i.test(id) ? await this.revokeStaff(id) : 'missing';
    if (outcome === 'missing') throw DomainError.notFound(`API key ${id}`);
    if (outcome === 'last_admin') {
      throw new DomainError(
        'conflict',
        'This is the last admin key: create another admin key before revoking it',
      );
    }
    this.cache.evictKey(id); // here at once; other replicas on the NOTIFY
  }

  private revokeStaff(id: string): Promise<'revoked' | 'missing' | 'last_admin'> {
    return this.transactions.run(async (em) => {
      const rows = await this.keys.lockStaffKeys(em, id);
      const key = rows.find((r) => r.id === id && r.live);
      if (!key) return 'missing';
      const liveAdmins = rows.filter((r) => r.role === 'admin' && r.live).length;
      if (key.role === 'admin' && liveAdmins <= 1) return 'last_admin';
      return (await this.keys.revokeStaffKey(em, id, new Date(this.clock.now()))) ? 'revoked' : 'missing';
    });
  }

  async listStaffKeys(): Promise<StaffKeyView[]> {
    return (await this.keys.listStaff()).map((k) => keyView(k, { role: k.role }));
  }

  async listVendorKeys(vendorId: string): Promise<ApiKeyView[]> {
    return (await this.keys.listForVendor(vendorId)).map((k) => keyView(k, {}));
  }

  async revokeVendorKey(vendorId: string, id: string): Promise<void> {
    const revoked = await this.keys.revokeVendorKey(vendorId, id, new Date(this.clock.now()));
    if (!revoked) throw DomainError.notFound(`API key ${id}`);
    this.cache.evictKey(id); // here at once; other replicas on the NOTIFY
  }

  /**
   * SLA_ADMIN_TOKEN becomes the bootstrap admin key (replacing an older one). Without it, the first
   * start generates one and prints it once. Replicas racing here take turns under an advisory lock.
   */
  async ensureBootstrapAdmin(): Promise<void> {
    // Without the lock, a replica that counted no admin before another committed its generated key
    // would revoke that key (already printed) and install its own.
    await this.transactions.underLock(LOCK_KEYS.bootstrapAdmin, async () => {
      if (this.config.adminToken !== undefined) {
        await this.installBootstrapToken(this.config.adminToken);
      } else if ((await this.keys.countActiveAdmins()) === 0) {
        const token = formatToken('admin', randomBytes(32));
        await this.installBootstrapToken(token);
        // Printed on purpose, once: without it nobody could ever call the admin API.
        this.logger.warn({
          msg: 'Generated the bootstrap admin token; it is shown only now',
          adminToken: token,
        });
      }
    });
  }

  private async installBootstrapToken(token: string): Promise<void> {
    const hash = hashToken(this.secret, token);
    const current = await this.keys.findActiveBootstrap();
    if (current && hashesEqual(current.tokenHash, hash)) return;
    if (current) {
      await this.keys.revokeById(current.id, new Date(this.clock.now()));
      this.cache.evictKey(current.id);
    }
    // Set back to an earlier token: its old (revoked) row comes back rather than colliding with it.
    if (await this.keys.reactivateBootstrap(hash)) return;
    await this.keys.insert({
      name: 'bootstrap admin',
      role: 'admin',
      vendorId: null,
      prefix: tokenPrefix(token),
      tokenHash: hash,
      isBootstrap: true,
    });
  }
}
