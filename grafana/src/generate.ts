import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles } from './dashboards';

// `npm run dashboards` writes grafana/dashboards/*.json (run from the repository root, as npm does);
// `-- --check` only compares and exits 1 when a committed file differs from the generator's output.

const dir = join(process.cwd(), 'grafana', 'dashboards');
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of generatedFiles()) {
  const path = join(dir, file);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== text) {
      stale++;
      process.stderr.write(`${path} differs from the generator: run npm run dashboards\n`);
    }
  } else {
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
