import type { Objective } from '../../contracts/domain/contract.types';
import { breachAction, deliverableDueSoon, isRecoverable, reminderNumber } from './lifecycle';

const objective = (kind: 'ratio' | 'timeslice' | 'freshness' | 'deadline' | 'threshold', rolling: boolean) =>
  ({
    indicator: { kind },
    period: rolling ? { type: 'rolling', seconds: 86_400 } : { type: 'calendar', unit: 'month' },
  }) as unknown as Objective;

describe('breach lifecycle rules', () => {
  it.each([
    ['ratio', false, true],
    ['threshold', false, true],
    ['deadline', false, true],
    ['timeslice', false, false],
    ['freshness', false, false],
    ['timeslice', true, true],
    ['freshness', true, true],
  ] as const)('%s (rolling %s) recoverable: %s', (kind, rolling, recoverable) => {
    expect(isRecoverable(objective(kind, rolling))).toBe(recoverable);
  });

  it.each([
    ['breached without an open breach opens one', 'breached', false, true, 'open'],
    ['breached with one open does nothing', 'breached', true, true, 'none'],
    ['met with an open recoverable breach resolves it', 'met', true, true, 'resolve'],
    ['at_risk resolves too (not breached any more)', 'at_risk', true, true, 'resolve'],
    ['no_data resolves a recoverable breach', 'no_data', true, true, 'resolve'],
    ['a non-recoverable breach stays open', 'met', true, false, 'none'],
    ['met without a breach does nothing', 'met', false, true, 'none'],
  ] as const)('%s', (_name, status, open, recoverable, action) => {
    expect(breachAction(status, open, recoverable)).toBe(action);
  });

  it.each([
    ['none before the first interval', 0, 86_399_999, 0],
    ['the first at one interval', 0, 86_400_000, 1],
    ['the third after three', 0, 3 * 86_400_000 + 5, 3],
  ])('reminders: %s', (_name, opened, now, n) => {
    expect(reminderNumber(opened, now, 86_400_000)).toBe(n);
  });

  it.each([
    ['48 h before due', 0, true],
    ['more than 48 h before', -1, false],
    ['after due', 48 * 3_600_000 + 1, false],
  ])('due soon: %s', (_name, shift, soon) => {
    const due = 100 * 3_600_000;
    expect(deliverableDueSoon(due, false, due - 48 * 3_600_000 + shift)).toBe(soon);
  });
});
