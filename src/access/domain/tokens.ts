import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles';

// Tokens look like `sla_vendor_3kTq9…` (43 base64url characters = 256 random bits): the role is
// readable in logs and secret scanners can spot them; `prefix` (role tag + 8 characters) names a key safely.
const TOKEN_PATTERN = /^sla_(admin|viewer|vendor)_([A-Za-z0-9_-]{43})$/;
const PREFIX_RANDOM_CHARS = 8;

export function formatToken(role: Role, randomBytes: Buffer): string {
  if (randomBytes.length < 32) throw new Error('a token needs at least 32 random bytes');
  return `sla_${role}_${randomBytes.subarray(0, 32).toString('base64url')}`;
}

export function tokenPrefix(token: string): string {
  const match = TOKEN_PATTERN.exec(token);
  // A custom SLA_ADMIN_TOKEN: show too little of it to help a guess.
  if (!match) return `${token.slice(0, 4)}…`;
  return `sla_${match[1]}_${match[2].slice(0, PREFIX_RANDOM_CHARS)}`;
}

/** HMAC-SHA-256 keyed with the server's secret: a stolen table cannot be brute-forced offline. */
export function hashToken(secret: Buffer, token: string): Buffer {
  return createHmac('sha256', secret).update(token, 'utf8').digest();
}

export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` → token; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
