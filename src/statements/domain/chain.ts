import { canonicalJson, sha256Hex } from '../../contracts/domain/document';

// Tamper evidence: each statement stores the SHA-256 of its canonical JSON (the body without its own
// hash) and the hash of the contract's previous statement; verifying recomputes both.

export interface ChainLink {
  period: string;
  version: number;
  /** The statement as stored, without `sha256`, with `previousSha256`. */
  body: Record<string, unknown>;
  sha256: string;
}

export type ChainVerdict =
  | { ok: true; statements: number }
  | {
      ok: false;
      statements: number;
      broken: { period: string; version: number; position: number; reason: string };
    };

export function statementHash(body: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(body));
}

/** Links in chain order (oldest first); names the first that does not hold. */
export function verifyChain(links: readonly ChainLink[]): ChainVerdict {
  let previous: string | null = null;
  for (const [position, link] of links.entries()) {
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      statements: links.length,
      broken: { period: link.period, version: link.version, position: position + 1, reason },
    });
    if (statementHash(link.body) !== link.sha256) return fail('its content does not match its sha256');
    if ((link.body.previousSha256 ?? null) !== previous)
      return fail('its previousSha256 is not the previous statement’s sha256');
    previous = link.sha256;
  }
  return { ok: true, statements: links.length };
}
