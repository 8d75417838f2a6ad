import type { Reader } from 'protobufjs';
import {
  isStaleMarkerAt,
  MalformedWrite,
  readInt64,
  readTag,
  subMessageEnd,
  expectEnd,
  WIRE_FIXED64,
  WIRE_VARINT,
  WriteTooLarge,
} from './wire';
import type { SampleFields } from './schema';

// What both protocol versions decode to: the plain sample objects SamplesService checks and stores
// (one per sample, its series' labels object shared), plus what never reaches it.

/** One sample as POST /api/v1/samples would carry it (a type alias, so it is a plain record). */
export type RemoteSample = {
  metric: string;
  value: number;
  timestamp: string;
  labels: Record<string, string>;
  cumulative: boolean;
};

export interface EarlyRejection {
  reason: 'invalid_timestamp';
  message: string;
  sample: RemoteSample;
}

export interface DecodedWrite {
  samples: RemoteSample[];
  /** Samples refused before ingest (a timestamp no RFC 3339 string can carry). */
  rejected: EarlyRejection[];
  /** Staleness markers: "this series ended", never a value. */
  skipped: number;
  /** Native histogram samples, which the receiver does not store. */
  unsupported: number;
}

/** At most this many samples per request (Prometheus sends 2 000 at most by default). */
export const MAX_WRITE_SAMPLES = 100_000;

// Years 1000-9999, the instants the API takes (docs/api.md); Date's ISO string of anything else is
// not RFC 3339 that ingest accepts.
const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(10000, 0, 1) - 1;
const NO_LABELS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** Collects one request's samples; `series` calls bracket the samples of one series. */
export class SampleCollector implements DecodedWrite {
  readonly samples: RemoteSample[] = [];
  readonly rejected: EarlyRejection[] = [];
  skipped = 0;
  unsupported = 0;
  private seriesStart = 0;
  // Scrapes stamp many series with one instant: each distinct timestamp is formatted once.
  private readonly iso = new Map<number, string>();

  constructor(private readonly fields: SampleFields) {}

  startSeries(): void {
    this.seriesStart = this.samples.length;
  }

  /**
   * Reads one Sample message. Its series' metric and labels may come after the samples on the
   * wire, so they are filled in by `endSeries`.
   */
  readSample(r: Reader, limit: number): void {
    const end = subMessageEnd(r, limit);
    let value = 0;
    let ms = 0;
    let stale = false;
    while (r.pos < end) {
      const tag = readTag(r);
      const id = tag >>> 3;
      if (id === this.fields.value && (tag & 7) === WIRE_FIXED64) {
        if (r.pos + 8 > end) throw new MalformedWrite('a sample value runs past the end of its message');
        stale = isStaleMarkerAt(r.buf, r.pos);
        value = r.double();
      } else if (id === this.fields.timestamp && (tag & 7) === WIRE_VARINT) {
        ms = readInt64(r);
      } else r.skipType(tag & 7);
    }
    expectEnd(r, end);
    if (stale) {
      this.skipped++;
      return;
    }
    if (this.samples.length >= MAX_WRITE_SAMPLES) {
      throw new WriteTooLarge(`At most ${MAX_WRITE_SAMPLES} samples per request`);
    }
    // NaN and ±Inf other than the marker reach ingest, which refuses them as invalid_value.
    const sample: RemoteSample = {
      metric: '',
      value,
      timestamp: this.timestamp(ms),
      labels: NO_LABELS,
      cumulative: false,
    };
    this.samples.push(sample);
  }

  /** Gives the series' samples their metric, labels and counter flag; those with a bad time go to `rejected`. */
  endSeries(metric: string, labels: Record<string, string>, cumulative: boolean): void {
    let kept = this.seriesStart;
    for (let i = this.seriesStart; i < this.samples.length; i++) {
      const s = this.samples[i];
      s.metric = metric;
      s.labels = labels;
      s.cumulative = cumulative;
      // An ISO string ends in Z; anything else is the raw milliseconds of a time out of range.
      if (!s.timestamp.endsWith('Z')) {
        this.rejected.push({
          reason: 'invalid_timestamp',
          message: `timestamp ${s.timestamp} is outside the years 1000-9999`,
          sample: s,
        });
      } else this.samples[kept++] = s;
    }
    if (kept < this.samples.length) this.samples.length = kept;
  }

  /** Marks the samples from `start` on as cumulative or not (1.0 metadata, known only at the end). */
  setCumulative(start: number, end: number, cumulative: boolean): void {
    for (let i = start; i < end; i++) this.samples[i].cumulative = cumulative;
  }

  private timestamp(ms: number): string {
    if (!(ms >= MIN_MS && ms <= MAX_MS)) return `${ms} ms`;
    let text = this.iso.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      this.iso.set(ms, text);
    }
    return text;
  }
}

/** One series' labels as they are read: `__name__` becomes the metric, empty values are no label. */
export class SeriesLabels {
  metric = '';
  readonly labels: Record<string, string> = {};

  add(name: string, value: string): void {
    if (name === '__name__') {
      if (this.metric !== '') throw new MalformedWrite('a series has two __name__ labels');
      this.metric = value;
    } else if (value !== '') {
      if (Object.hasOwn(this.labels, name))
        throw new MalformedWrite(`a series has two labels named ${JSON.stringify(name)}`);
      // A plain object's __proto__ would set its prototype; define it as the label it is.
      if (name === '__proto__')
        Object.defineProperty(this.labels, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else this.labels[name] = value;
    }
  }

  /** The metric; a series without one is malformed (400), as Prometheus' own receiver has it. */
  metricOf(index: number): string {
    if (this.metric === '') {
      const shown = JSON.stringify(this.labels).slice(0, 200);
      throw new MalformedWrite(`series ${index} has no __name__ label (labels ${shown})`);
    }
    return this.metric;
  }
}
