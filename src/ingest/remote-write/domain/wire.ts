import type { Reader } from 'protobufjs';

// Low-level reads the protobufjs Reader does not give in the shape the receiver needs: a sample's
// value bytes before they become a JS number (a NaN's payload, which tells a staleness marker, does
// not survive that), an int64 as a plain number (protobufjs allocates a Long per int64), and bounded
// sub-messages (protobufjs trusts lengths).

/** The body is not a well-formed message of its kind: answered 400, which senders do not retry. */
export class MalformedWrite extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWrite';
  }
}

/** The request is larger than the receiver takes: answered 413. */
export class WriteTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteTooLarge';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;

/** End offset of the length-delimited field at the reader's position, checked against `limit`. */
export function subMessageEnd(r: Reader, limit: number): number {
  const length = r.uint32();
  const end = r.pos + length;
  if (end > limit) throw new MalformedWrite('a length-delimited field runs past the end of its message');
  return end;
}

/** After a sub-message's fields: anything but its exact end means the lengths disagree. */
export function expectEnd(r: Reader, end: number): void {
  if (r.pos !== end) throw new MalformedWrite('a field runs past the end of its message');
}

/**
 * An int64 varint as a number: exact up to 2^53, which every millisecond timestamp in the years
 * 1000-9999 is. Varints of nine or ten bytes (huge or negative values) take the slow BigInt path.
 */
export function readInt64(r: Reader): number {
  const buf = r.buf;
  const start = r.pos;
  let pos = start;
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (pos >= r.len) throw new MalformedWrite('the body ends inside a varint');
    const byte = buf[pos++];
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      r.pos = pos;
      return result;
    }
    scale *= 128;
  }
  let big = 0n;
  for (let i = 0; i < 10; i++) {
    if (start + i >= r.len) throw new MalformedWrite('the body ends inside a varint');
    const byte = buf[start + i];
    big |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (byte < 0x80) {
      r.pos = start + i + 1;
      return Number(BigInt.asIntN(64, big));
    }
  }
  throw new MalformedWrite('a varint is longer than ten bytes');
}

/**
 * Prometheus' staleness marker: the NaN whose bits are 0x7ff0000000000002 (little-endian on the wire).
 * It says "this series ended", never a value.
 */
export function isStaleMarkerAt(buf: Uint8Array, pos: number): boolean {
  return (
    buf[pos] === 0x02 &&
    buf[pos + 1] === 0 &&
    buf[pos + 2] === 0 &&
    buf[pos + 3] === 0 &&
    buf[pos + 4] === 0 &&
    buf[pos + 5] === 0 &&
    buf[pos + 6] === 0xf0 &&
    buf[pos + 7] === 0x7f
  );
}

/** Reads a field's tag; a field number 0 or a wire type that protobuf does not define is malformed. */
export function readTag(r: Reader): number {
  const tag = r.uint32();
  const wire = tag & 7;
  if (tag >>> 3 === 0 || wire === 6 || wire === 7) throw new MalformedWrite('the body is not protobuf');
  return tag;
}

/**
 * The uncompressed length a snappy block declares (its leading uvarint, at most 32 bits), read before
 * anything is decompressed so a small body cannot claim a huge output.
 */
export function snappyDeclaredLength(body: Uint8Array): number {
  let result = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= body.length)
      throw new MalformedWrite(
        'The body is not snappy-compressed (block format): its length header is missing',
      );
    const byte = body[i];
    result += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return result;
  }
  throw new MalformedWrite('The body is not snappy-compressed (block format): its length header is invalid');
}

/** A known field sent with another wire type than its declaration gives: the body is not that message. */
export function expectWire(tag: number, wire: number): void {
  if ((tag & 7) !== wire) throw new MalformedWrite(`field ${tag >>> 3} has the wrong wire type`);
}

/**
 * Any decoding failure as a 400 naming the message: the decoders' own findings, and protobufjs'
 * errors on a truncated or garbled body (index out of range, invalid wire type).
 */
export function asWriteError(error: unknown, message: string): Error {
  if (error instanceof WriteTooLarge) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MalformedWrite(`${message}: ${/index out of range/.test(reason) ? 'it is truncated' : reason}`);
}

/**
 * Strings that repeat at the same place from one series to the next (label names, a job, an
 * instance) are compared byte by byte with their last occurrence in the body and reused: most label
 * strings of a request repeat, and a short byte comparison costs less than decoding a new string.
 */
export class RepeatedStrings {
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly texts: string[] = [];

  /** Reads a string field's value (its length prefix first), `slot` naming its place in a series. */
  read(r: Reader, slot: number): string {
    const at = r.pos;
    const length = r.uint32();
    const start = r.pos;
    if (start + length > r.len) throw new MalformedWrite('a string runs past the end of the body');
    const previous = this.starts[slot];
    if (previous !== undefined && this.lengths[slot] === length) {
      const buf = r.buf;
      let i = 0;
      while (i < length && buf[start + i] === buf[previous + i]) i++;
      if (i === length) {
        r.pos = start + length;
        return this.texts[slot];
      }
    }
    r.pos = at;
    const text = r.string();
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.texts[slot] = text;
    return text;
  }
}
