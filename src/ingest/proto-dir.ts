import { projectPath } from '../common/project-root';

/** The upstream .proto files both receivers decode with (proto/ beside package.json, in the image too). */
export const PROTO_DIR = projectPath('proto');
