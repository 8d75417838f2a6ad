// The Prometheus text exposition format (version 0.0.4), for series rendered without prom-client.

/** A label value as the format wants it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="1",b="2"}` from pairs in order; names are ours (never input), values escaped. */
export function labelSet(pairs: ReadonlyArray<readonly [string, string]>): string {
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** One metric family: HELP and TYPE once, then its samples, kept contiguous as the format requires. */
export class Family {
  private lines: string[] = [];
  private readonly sealed: string[] = [];
  private count = 0;

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'gauge' | 'counter',
  ) {}

  add(labels: string, value: number): void {
    this.lines.push(`${this.name}${labels} ${formatValue(value)}\n`);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Joins the samples added so far into one chunk (a large family is joined a slice at a time). */
  seal(): void {
    if (this.lines.length === 0) return;
    this.sealed.push(this.lines.join(''));
    this.lines = [];
  }

  /** HELP and TYPE, then the samples, as a few chunks. */
  chunks(): string[] {
    this.seal();
    const help = this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    return [`# HELP ${this.name} ${help}\n# TYPE ${this.name} ${this.type}\n`, ...this.sealed];
  }

  toString(): string {
    return this.chunks().join('');
  }
}
