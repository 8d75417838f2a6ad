/** Keys of vendors, contracts, objectives and deliverables: lower-case letters, digits and `-`, at most 63. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const SLUG = new RegExp(SLUG_PATTERN);

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}
