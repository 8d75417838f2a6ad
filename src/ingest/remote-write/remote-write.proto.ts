import { join } from 'node:path';
import { Root } from 'protobufjs';
import { PROTO_DIR } from '../proto-dir';
import { type WriteSchemaV1, type WriteSchemaV2, writeSchemaV1, writeSchemaV2 } from './domain/schema';

// The upstream remote-write .proto files (proto/ at the project root, beside package.json in the
// source tree and in the image), loaded once when the module is first imported.

/** The messages of `file` (relative to proto/; its imports resolve beside it), field names as written. */
export function loadProto(file: string): Root {
  const root = new Root().loadSync(join(PROTO_DIR, file), { keepCase: true });
  root.resolveAll();
  return root;
}

export const WRITE_V1: WriteSchemaV1 = writeSchemaV1(loadProto('prometheus/remote.proto'));
export const WRITE_V2: WriteSchemaV2 = writeSchemaV2(loadProto('io/prometheus/write/v2/types.proto'));
