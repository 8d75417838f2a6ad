import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';

export const TOKEN_SECRET = Symbol('TOKEN_SECRET');

/** TOKEN_SECRET, or a secret generated once into DATA_DIR and reused on every later start. */
export async function loadTokenSecret(config: Pick<AppConfig, 'tokenSecret' | 'dataDir'>): Promise<Buffer> {
  if (config.tokenSecret !== undefined) return Buffer.from(config.tokenSecret, 'utf8');
  const file = join(config.dataDir, 'token-secret');
  if (existsSync(file)) return Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8');
  await mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  const secret = randomBytes(32).toString('base64url');
  // `wx`: if another process won the race, read its secret instead of overwriting it.
  try {
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return Buffer.from(secret, 'utf8');
  } catch {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8');
  }
}
