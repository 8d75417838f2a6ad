import { contractDetail } from './contract-detail';
import { type Dashboard, render } from './dashboard';
import { serviceOperations } from './service-operations';
import { slaOverview } from './sla-overview';

/** Every generated dashboard and the file it is committed as, under grafana/dashboards/. */
export const DASHBOARD_FILES: ReadonlyArray<{ file: string; build: () => Dashboard }> = [
  { file: 'sla-overview.json', build: slaOverview },
  { file: 'contract-detail.json', build: contractDetail },
  { file: 'service-operations.json', build: serviceOperations },
];

/** File name → the exact text the generator writes. */
export function generatedFiles(): Map<string, string> {
  return new Map(DASHBOARD_FILES.map(({ file, build }) => [file, render(build())]));
}
