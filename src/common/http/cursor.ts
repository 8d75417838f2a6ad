import { isStorableDate } from '../validation/instant';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page position in a list ordered by (time, id) descending: opaque to clients. */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

/** Undefined for anything this API did not hand out. */
export function decodeCursor(text: string): Cursor | undefined {
  const [time, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const at = time ? new Date(time) : undefined;
  // A date outside the years PostgreSQL stores is no cursor this API handed out.
  if (!at || !isStorableDate(at) || !id || !UUID.test(id)) return undefined;
  return { at, id };
}

/** `?cursor=&limit=` of a list endpoint; problems go to `errors` under the parameter's name. */
export function pageQuery(
  q: { cursor?: string; limit?: string },
  errors: Array<{ path: string; message: string }>,
): { after?: Cursor; limit: number } {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (q.cursor !== undefined && !after)
    errors.push({ path: 'cursor', message: 'is not a cursor this API returned' });
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    errors.push({ path: 'limit', message: 'must be a whole number from 1 to 200' });
  return { after, limit };
}
