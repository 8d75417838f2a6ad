import { Injectable } from '@nestjs/common';
import { type CalendarFn, deadlineOutcome, dueInside, reportedLate } from '../domain/deadline';
import { totalLength } from '../../common/time/intervals';
import type { Figures } from '../domain/judge';
import { type DeadlineCounts, deadlineFigures, indicatorOf } from '../domain/kinds';
import type { EvaluationTask, IndicatorEvaluator } from '../evaluation.types';
import { WorkItemsRepository } from '../work-items.repository';
import { contractIntervals } from '../contract-intervals';
import { IntervalCache } from '../interval-cache';
import type { Instant } from '../../common/time/instant';

/** Deadline objectives: every matching item's due instant and outcome, attributed by due. */
@Injectable()
export class DeadlineEvaluator implements IndicatorEvaluator {
  constructor(
    private readonly items: WorkItemsRepository,
    private readonly intervals: IntervalCache,
  ) {}

  async evaluate(tasks: EvaluationTask[], now: Instant): Promise<Figures[]> {
    const keys = new Map<string, { vendorId: string; item: string }>();
    for (const t of tasks) {
      const { item } = indicatorOf(t.objective, 'deadline');
      keys.set(`${t.vendorId}/${item}`, { vendorId: t.vendorId, item });
    }
    const keyList = [...keys.keys()];
    const before = Math.max(...tasks.map((t) => t.window.window[1]));
    const histories = await this.items.histories([...keys.values()], before);

    return tasks.map((t) => {
      const ind = indicatorOf(t.objective, 'deadline');
      const name = ind.calendar;
      // Business time from the contract version's cached calendar months: every item walks them.
      const business = contractIntervals(this.intervals, {
        id: t.contractId,
        version: t.contractVersion,
        spec: t.contract,
      }).business;
      const calendar: CalendarFn =
        name !== undefined && t.contract.calendars[name]
          ? (from, to) => business(name, from, to)
          : (from, to) => [[from, to]];
      const rule = {
        start: ind.start,
        stop: ind.stop,
        withinMs: ind.withinSeconds * 1000,
        pause: ind.pause,
        resume: ind.resume,
      };
      const window: DeadlineCounts = { met: 0, missed: 0 };
      const lastHour: DeadlineCounts = { met: 0, missed: 0 };
      let lateReported = 0;
      for (const h of histories[keyList.indexOf(`${t.vendorId}/${ind.item}`)]) {
        if (!Object.entries(ind.where).every(([k, v]) => h.attributes[k] === v)) continue;
        const outcome = deadlineOutcome(h.events, rule, calendar, now);
        if (outcome.state !== 'met' && outcome.state !== 'missed') continue;
        if (dueInside(outcome, t.window.measured)) {
          window[outcome.state]++;
          if (reportedLate(h.events, outcome, rule)) lateReported++;
        }
        if (dueInside(outcome, t.lastHour)) lastHour[outcome.state]++;
      }
      const figures = deadlineFigures(t.objective, window, lastHour, totalLength(t.window.measured));
      return lateReported > 0 ? { ...figures, lateReported } : figures;
    });
  }
}
