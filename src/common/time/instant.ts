/**
 * An instant as epoch milliseconds (UTC). Every `now` in a signature is one: cheap to compare and do
 * arithmetic on, immutable, and the same type from the Clock to the pure domain. `Date` appears only
 * where a value leaves the process (SQL parameters, JSON, mail text).
 */
export type Instant = number;
