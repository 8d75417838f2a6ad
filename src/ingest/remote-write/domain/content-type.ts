// Which remote-write message a request carries, from its Content-Type (remote-write 2.0 spec:
// `application/x-protobuf;proto=<message>`, no proto parameter meaning 1.0's prometheus.WriteRequest),
// and whether its Content-Encoding is one the receiver reads.

export type WriteVersion = 'v1' | 'v2';

export const PROTO_V1 = 'prometheus.WriteRequest';
export const PROTO_V2 = 'io.prometheus.write.v2.Request';

/** The version, or a message saying what is wrong (answered 415). */
export function writeVersionOf(contentType: string | undefined): WriteVersion | { problem: string } {
  const [mediaType, ...params] = (contentType ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/x-protobuf') {
    return {
      problem:
        'Remote-write bodies are snappy-compressed protobuf: send Content-Type: application/x-protobuf',
    };
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'proto') continue;
    const proto = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (proto === PROTO_V1) return 'v1';
    if (proto === PROTO_V2) return 'v2';
    return {
      problem: `proto=${proto.slice(0, 100)} is not served here: send ${PROTO_V1} (remote-write 1.0) or ${PROTO_V2} (2.0)`,
    };
  }
  return 'v1';
}

/**
 * Every remote-write body is snappy-compressed (block format): `Content-Encoding: snappy`, or no
 * header (some small senders leave it out). Anything else is refused with this message (415).
 */
export function encodingProblem(contentEncoding: string | undefined): string | undefined {
  const encoding = (contentEncoding ?? 'snappy').trim().toLowerCase();
  return encoding === 'snappy'
    ? undefined
    : `Content-Encoding ${encoding.slice(0, 40)} is not read here: remote-write bodies are snappy-compressed (Content-Encoding: snappy)`;
}
