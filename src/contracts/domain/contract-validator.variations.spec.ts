import type { ContractSpec } from './contract.types';
import { type Doc, mutated, specOf } from './contract-fixtures.spec-helpers';

// Valid variations of the example contract: each mutation keeps it valid and shows in the spec.

describe('valid variations of the example', () => {
  it.each<[string, (doc: Doc) => void, (spec: ContractSpec) => void]>([
    [
      'accepts the key in the URL when it equals metadata.key',
      () => undefined,
      (spec) => expect(spec.key).toBe('acme-it-2027'),
    ],
    [
      'accepts an objective written as {op, target} instead of a string',
      (d) => (d.spec.objectives[0].objective = { op: 'gte', target: 99.9 }),
      (spec) => expect(spec.objectives[0].objective).toEqual({ op: 'gte', target: 99.9 }),
    ],
    [
      'accepts a symbolic op in the {op, target} form',
      (d) => (d.spec.objectives[0].objective = { op: '>', target: 99 }),
      (spec) => expect(spec.objectives[0].objective).toEqual({ op: 'gt', target: 99 }),
    ],
    [
      'accepts a percentage target of exactly 0 and exactly 100',
      (d) => {
        d.spec.objectives[0].objective = '>= 100%';
        d.spec.objectives[1].objective = { op: 'gt', target: 0 };
      },
      (spec) => expect(spec.objectives[0].objective.target).toBe(100),
    ],
    [
      'accepts a threshold target in the metric’s own unit above 100',
      (d) => (d.spec.objectives[2].objective = { op: 'lte', target: 5000 }),
      (spec) => expect(spec.objectives[2].objective).toEqual({ op: 'lte', target: 5000 }),
    ],
    [
      'accepts a negative threshold target',
      (d) => (d.spec.objectives[2].objective = '> -5'),
      (spec) => expect(spec.objectives[2].objective).toEqual({ op: 'gt', target: -5 }),
    ],
    [
      'accepts calendar hours that end at 24:00',
      (d) => (d.spec.calendars.business.hours = [{ from: '20:00', to: '24:00' }]),
      (spec) => expect(spec.calendars.business.hours).toEqual([{ from: 1200, to: 1440 }]),
    ],
    [
      'accepts calendar hours that touch without overlapping and sorts them',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '13:00', to: '18:00' },
          { from: '08:00', to: '13:00' },
        ]),
      (spec) =>
        expect(spec.calendars.business.hours).toEqual([
          { from: 480, to: 780 },
          { from: 780, to: 1080 },
        ]),
    ],
    [
      'accepts a deliverable due exactly at local midnight starting effective.from',
      (d) => (d.spec.deliverables[0].due = '2027-01-01T00:00:00+02:00'),
      (spec) => expect(spec.deliverables[0].due).toBe('2026-12-31T22:00:00.000Z'),
    ],
    [
      'accepts a deliverable due in the last second of effective.to in the contract zone',
      (d) => (d.spec.deliverables[0].due = '2027-12-31T21:59:59Z'),
      (spec) => expect(spec.deliverables[0].due).toBe('2027-12-31T21:59:59.000Z'),
    ],
    [
      'accepts any deliverable after effective.from when the contract is open-ended',
      (d) => {
        delete d.spec.effective.to;
        d.spec.deliverables[0].due = '2040-01-01T00:00:00Z';
      },
      (spec) => expect(spec.effective).toEqual({ from: '2027-01-01' }),
    ],
    [
      'accepts a rolling period of any length from 1m to 400d',
      (d) => {
        d.spec.objectives[2].period = '1m';
        d.spec.objectives[4].period = '400d';
      },
      (spec) => {
        expect(spec.objectives[2].period).toEqual({ type: 'rolling', seconds: 60 });
        expect(spec.objectives[4].period).toEqual({ type: 'rolling', seconds: 400 * 86400 });
      },
    ],
    [
      'accepts a ratio written with bad instead of good',
      (d) =>
        (d.spec.objectives[0].indicator = {
          kind: 'ratio',
          bad: 'portal_requests_failed',
          total: 'portal_requests',
        }),
      (spec) =>
        expect(spec.objectives[0].indicator).toEqual({
          kind: 'ratio',
          bad: 'portal_requests_failed',
          total: 'portal_requests',
        }),
    ],
    [
      'accepts warn on a budget-less threshold objective',
      (d) => {
        d.spec.objectives[2].indicator.aggregate = 'avg';
        d.spec.objectives[2].warn = '<= 280';
      },
      (spec) => expect(spec.objectives[2].warn).toEqual({ op: 'lte', target: 280 }),
    ],
    [
      'accepts credits on a yearly objective',
      (d) => (d.spec.objectives[0].period = 'year'),
      (spec) => expect(spec.objectives[0].credits).toHaveLength(3),
    ],
    [
      'accepts a contract with deliverables but no objectives',
      (d) => delete d.spec.objectives,
      (spec) => expect(spec.objectives).toEqual([]),
    ],
    [
      'accepts numbers and booleans in a deadline where clause as text',
      (d) => (d.spec.objectives[4].indicator.where = { priority: 1, vip: true }),
      (spec) => expect(spec.objectives[4].indicator).toMatchObject({ where: { priority: '1', vip: 'true' } }),
    ],
    [
      'lower-cases and keeps owner emails',
      (d) => (d.spec.owners = ['CIO@Customer.Example']),
      (spec) => expect(spec.owners).toEqual(['cio@customer.example']),
    ],
    [
      'treats a null optional field like an absent one',
      (d) => {
        d.spec.weekStart = null;
        d.spec.objectives[1].indicator.aggregate = null;
        d.spec.objectives[1].severity = null;
      },
      (spec) => {
        expect(spec.weekStart).toBe('mon');
        expect(spec.objectives).toHaveLength(8);
        expect(spec.objectives[1]).toMatchObject({ severity: 'major', indicator: { aggregate: 'min' } });
      },
    ],
  ])('%s', (_name, mutation, check) => {
    check(specOf(mutated(mutation), 'acme-it-2027'));
  });
});
