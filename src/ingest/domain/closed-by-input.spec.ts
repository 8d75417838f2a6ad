import { closedByInput, indicatorInputs } from './closed-time';

const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const year = { from: D('2027-01-01'), to: D('2028-01-01') };
const january: [number, number] = [D('2027-01-01'), D('2027-02-01')];
const q1: [number, number] = [D('2027-01-01'), D('2027-04-01')];

describe('indicatorInputs', () => {
  it.each([
    [{ kind: 'ratio', good: 'ok', total: 'all' }, ['metric:ok', 'metric:all']],
    [{ kind: 'ratio', bad: 'err', total: 'all' }, ['metric:err', 'metric:all']],
    [{ kind: 'threshold', metric: 'lat', aggregate: 'p95' }, ['metric:lat']],
    [{ kind: 'timeslice', metric: 'up' }, ['metric:up']],
    [{ kind: 'freshness', metric: 'beat' }, ['metric:beat']],
    [{ kind: 'deadline', item: 'ticket', within: '4h' }, ['item:ticket']],
    [null, []],
  ])('reads %j as %j', (indicator, keys) => {
    expect(indicatorInputs(indicator)).toEqual(keys);
  });
});

describe('closedByInput', () => {
  it.each([
    ['a month objective closed January', [{ reads: ['metric:lat'], closed: [january] }], [january]],
    [
      'a quarter objective still reads January',
      [
        { reads: ['metric:lat'], closed: [january] },
        { reads: ['metric:lat'], closed: [] },
      ],
      [],
    ],
    [
      'both closed, the common part is closed',
      [
        { reads: ['metric:lat'], closed: [january] },
        { reads: ['metric:lat'], closed: [q1] },
      ],
      [january],
    ],
  ])('%s', (_name, objectives, frozen) => {
    const out = closedByInput(objectives.map((o) => ({ ...year, ...o })));
    expect(out.get('metric:lat')).toEqual(frozen);
    expect(out.has('metric:other')).toBe(false);
  });

  it('lets an objective outside its contract range keep nothing open', () => {
    const out = closedByInput([
      { ...year, reads: ['item:ticket'], closed: [january] },
      // A contract that starts in March has no say about January.
      { from: D('2027-03-01'), to: undefined, reads: ['item:ticket'], closed: [] },
    ]);
    expect(out.get('item:ticket')).toEqual([january]);
  });
});
