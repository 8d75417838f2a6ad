import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder (holding package.json), found upwards from src/ under ts-jest or dist/src/ when built. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** A path inside the project folder (files shipped beside package.json, in the image too). */
export const projectPath = (...parts: string[]): string => join(projectRoot(__dirname), ...parts);
