#!/usr/bin/env node
'use strict';
// The CLI lives in the compiled tree; `npm ci` builds it (the `prepare` script).
const path = require('node:path');
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
