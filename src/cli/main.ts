import { parseArgs } from 'node:util';
import { applyFile, EXIT, getContract, type Io, validateFiles, verifyStatements } from './commands';

const USAGE = `usage:
  sla-sentinel validate FILE...                       check contract documents offline
  sla-sentinel apply -f FILE [--effective-from YYYY-MM-DD|today] [--url URL] [--token T]
                                                      apply a contract (PUT /api/v1/contracts/{key});
                                                      --effective-from overrides spec.effective.from (and
                                                      moves effective.to to a year later if it ends sooner)
  sla-sentinel get KEY [-o yaml|json] [--url URL] [--token T]
  sla-sentinel verify --contract KEY [--url URL] [--token T]
                                                      recompute the statement hash chain, name the first broken link
environment: SLA_SENTINEL_URL (default http://localhost:3000), SLA_SENTINEL_TOKEN`;

export async function run(argv: string[], io: Io): Promise<number> {
  // `sla-sentinel --help` names no command: every argument is then an option.
  const command = argv[0] === undefined || argv[0].startsWith('-') ? undefined : argv[0];
  const rest = command === undefined ? argv : argv.slice(1);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        file: { type: 'string', short: 'f', multiple: true },
        url: { type: 'string' },
        token: { type: 'string' },
        output: { type: 'string', short: 'o' },
        contract: { type: 'string' },
        'effective-from': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const remote = { url: values.url, token: values.token };
  if (values.help || command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.out(USAGE);
    return EXIT.usage;
  }
  switch (command) {
    case 'validate': {
      const files = [...positionals, ...(values.file ?? [])];
      if (files.length === 0) break;
      return validateFiles(files, io);
    }
    case 'apply': {
      const files = [...(values.file ?? []), ...positionals];
      if (files.length !== 1) break;
      return applyFile(files[0], remote, io, { effectiveFrom: values['effective-from'] });
    }
    case 'get': {
      const output = values.output ?? 'yaml';
      if (positionals.length !== 1 || (output !== 'yaml' && output !== 'json')) break;
      return getContract(positionals[0], output, remote, io);
    }
    case 'verify': {
      if (!values.contract || positionals.length > 0) break;
      return verifyStatements(values.contract, remote, io);
    }
  }
  io.err(USAGE);
  return EXIT.usage;
}

if (require.main === module) {
  const io: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    fetch,
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
