export const ROLES = ['admin', 'viewer', 'vendor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, resolved from the bearer token. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** Set only for the `vendor` role: the one vendor this caller may touch. */
  vendorId: string | null;
}

/** `admin` may do everything; other roles only what a route lists for them. */
export function isAllowed(role: Role, allowed: readonly Role[]): boolean {
  return role === 'admin' || allowed.includes(role);
}

/**
 * A caller sees a vendor-owned object when it is not a vendor, or when the object is its own.
 * Callers that may not see it get 404, so they cannot learn whether it exists.
 */
export function canSeeVendor(principal: Principal, vendorId: string): boolean {
  return principal.role !== 'vendor' || principal.vendorId === vendorId;
}
