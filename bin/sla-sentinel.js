#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// The CLI runs on the project's own Node (the `node` devDependency, 24). Started by an older Node
// (`node bin/sla-sentinel.js` with the system's), it runs itself again with the project's.
const ownNode = path.join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');
if (Number(process.versions.node.split('.')[0]) < 24 && fs.existsSync(ownNode)) {
  const { spawnSync } = require('node:child_process');
  const child = spawnSync(ownNode, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) {
    process.stderr.write(`sla-sentinel: cannot start ${ownNode}: ${child.error.message}\n`);
    process.exit(2);
  }
  process.exit(child.status ?? 1);
}

// The CLI lives in the compiled tree; `npm ci` builds it (the `prepare` script).
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    process.stderr.write(
      'sla-sentinel: the CLI is not built yet; run `npm run build` in the project first\n',
    );
    process.exit(2);
  }
  throw error;
}
const io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  fetch,
};
cli.run(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
