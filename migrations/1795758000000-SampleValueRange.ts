import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sample values within ±(2^53 − 1), the range ingest accepts: sums of such values cannot overflow
// float8 (two samples of 1.7e308 made every roll-up fail). NOT VALID: rows stored before this
// migration are not scanned (the roll-up clamps them); every new row is checked.
export class SampleValueRange1795758000000 implements MigrationInterface {
  name = 'SampleValueRange1795758000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE samples ADD CONSTRAINT samples_value_range
         CHECK (value BETWEEN -9007199254740991 AND 9007199254740991) NOT VALID`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE samples DROP CONSTRAINT samples_value_range`);
  }
}
