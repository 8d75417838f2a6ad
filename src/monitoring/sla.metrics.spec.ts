import { EvaluationSnapshot } from '../evaluation/evaluation.snapshot';
import { MetricsRegistry } from '../exposition/metrics.registry';
import { SlaMetrics } from './sla.metrics';

describe('SlaMetrics breach series', () => {
  it('has every severity of a contract from the start, 0 where nothing opened', async () => {
    const metrics = new MetricsRegistry();
    const snapshot = new EvaluationSnapshot();
    new SlaMetrics(metrics, snapshot);
    snapshot.replace(
      [],
      [
        {
          vendor: 'acme',
          contract: 'c1',
          breaches: [{ severity: 'critical', open: 1, opened: 3 }],
          deliverables: [],
        },
      ],
    );
    const text = await metrics.registry.metrics();
    const lines = text.split('\n').filter((l) => l.startsWith('sla_breaches_'));
    expect(lines.sort()).toEqual(
      [
        'sla_breaches_open{vendor="acme",contract="c1",severity="critical"} 1',
        'sla_breaches_open{vendor="acme",contract="c1",severity="major"} 0',
        'sla_breaches_open{vendor="acme",contract="c1",severity="minor"} 0',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="critical"} 3',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="major"} 0',
        'sla_breaches_opened_total{vendor="acme",contract="c1",severity="minor"} 0',
      ].sort(),
    );
    // A contract gone from the snapshot takes its series with it.
    snapshot.replace([], []);
    expect((await metrics.registry.metrics()).includes('sla_breaches_open{')).toBe(false);
  });
});
