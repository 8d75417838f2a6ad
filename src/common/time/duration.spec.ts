import { type DurationGrammar, parseDurationMs } from './duration';

const contract: DurationGrammar = { units: ['w', 'd', 'h', 'm', 's'] };
const setting: DurationGrammar = {
  units: ['h', 'm', 's', 'ms'],
  fractions: true,
  bare: 's',
  compound: false,
};
const retention: DurationGrammar = { units: ['d'], compound: false };

describe('parseDurationMs', () => {
  it.each<[string, DurationGrammar, number | undefined]>([
    ['30m', contract, 1_800_000],
    ['1h30m', contract, 5_400_000],
    ['2w', contract, 1_209_600_000],
    ['1w1d1h1m1s', contract, 694_861_000],
    ['30m1h', contract, undefined], // largest unit first
    ['1h1h', contract, undefined], // each unit once
    ['1.5h', contract, undefined], // whole numbers in contracts
    ['90', contract, undefined], // a unit is required
    ['500ms', contract, undefined], // not a contract unit
    ['', contract, undefined],
    ['60s', setting, 60_000],
    ['1.5s', setting, 1500],
    ['500ms', setting, 500],
    ['90', setting, 90_000], // a bare number is seconds
    ['1h30m', setting, undefined], // one term in settings
    ['2d', setting, undefined],
    ['400d', retention, 34_560_000_000],
    ['400', retention, undefined],
    ['1w', retention, undefined],
  ])('reads %p as %p ms', (text, grammar, ms) => {
    expect(parseDurationMs(text, grammar)).toBe(ms);
  });
});
