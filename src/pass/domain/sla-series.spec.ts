import type { ObjectiveResult } from '../../evaluation/evaluation.result';
import { SlaSeries } from './sla-series';

const result = (over: Partial<ObjectiveResult> = {}): ObjectiveResult =>
  ({
    vendorKey: 'acme',
    contractKey: 'c1',
    key: 'avail',
    kind: 'ratio',
    periodText: 'month',
    responsible: 'vendor',
    severity: 'critical',
    title: 'Portal "availability"\nline two',
    status: 'breached',
    attainment: 0.98,
    target: 0.999,
    budget: { consumed: 20, remaining: -19 },
    burnRate: 3.5,
    period: { start: 0, end: 1_800_000_000_000, label: '2027-03' },
    ...over,
  }) as unknown as ObjectiveResult;

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('SlaSeries', () => {
  it('writes every objective series with escaped labels', () => {
    const s = new SlaSeries();
    s.addObjectives([result()]);
    const text = s.toString();
    const id = 'vendor="acme",contract="c1",objective="avail"';
    expect(lines(text, 'sla_objective_info{')).toEqual([
      `sla_objective_info{${id},kind="ratio",period="month",responsible="vendor",severity="critical",title="Portal \\"availability\\"\\nline two"} 1`,
    ]);
    expect(lines(text, 'sla_objective_status{')).toEqual([
      `sla_objective_status{${id},status="met"} 0`,
      `sla_objective_status{${id},status="at_risk"} 0`,
      `sla_objective_status{${id},status="breached"} 1`,
      `sla_objective_status{${id},status="no_data"} 0`,
    ]);
    expect(lines(text, 'sla_objective_compliant{')).toEqual([`sla_objective_compliant{${id}} 0`]);
    expect(lines(text, 'sla_objective_error_budget_remaining_ratio{')).toEqual([
      `sla_objective_error_budget_remaining_ratio{${id}} -19`,
    ]);
    expect(lines(text, 'sla_objective_period_end_timestamp_seconds{')).toEqual([
      `sla_objective_period_end_timestamp_seconds{${id}} 1800000000`,
    ]);
    // Each family once, HELP before TYPE before samples.
    expect(text.match(/^# TYPE sla_objective_status gauge$/gm)).toHaveLength(1);
    expect(text.indexOf('# HELP sla_objective_status')).toBeLessThan(text.indexOf('sla_objective_status{'));
  });

  it('leaves out what an objective without data has not got', () => {
    const s = new SlaSeries();
    s.addObjectives([result({ status: 'no_data', attainment: null, budget: null, burnRate: null } as never)]);
    const text = s.toString();
    expect(lines(text, 'sla_objective_attainment{')).toEqual([]);
    expect(lines(text, 'sla_objective_compliant{')).toEqual([]);
    expect(lines(text, 'sla_objective_burn_rate{')).toEqual([]);
    expect(text).toContain('# TYPE sla_objective_attainment gauge');
  });

  it('has every severity of a contract from the start, 0 where nothing opened', () => {
    const s = new SlaSeries();
    s.addContracts([
      {
        vendor: 'acme',
        contract: 'c1',
        breaches: [{ severity: 'critical', open: 1, opened: 3 }],
        deliverables: [{ key: 'dr', status: 'missed' }],
        credit: { amount: 6000, currency: 'ILS' },
      },
    ]);
    const text = s.toString();
    expect(lines(text, 'sla_breaches_').sort()).toEqual(
      [
        'sla_breaches_open{vendor="acme",contract="c1",severity="critical"} 1',
        'sla_breaches_open{vendor="acme",contract="c1",severity="major"} 0',
        'sla_breaches_open{vendor="acme",contract="c1",severity="minor"} 0',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="critical"} 3',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="major"} 0',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="minor"} 0',
      ].sort(),
    );
    expect(text).toContain('# TYPE sla_breaches_opened_total counter');
    expect(lines(text, 'sla_deliverable_status{')).toHaveLength(4);
    expect(text).toContain(
      'sla_deliverable_status{vendor="acme",contract="c1",deliverable="dr",status="missed"} 1',
    );
    expect(text).toContain('sla_service_credit_amount{vendor="acme",contract="c1",currency="ILS"} 6000');
  });
});
