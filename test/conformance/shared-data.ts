// The third-party data sets live beside the project (../shared/data), never in it:
// COUNTERSCAN_SHARED_DATA points elsewhere when a checkout sits somewhere else.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const sharedDataDir = resolve(
  process.env.COUNTERSCAN_SHARED_DATA ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data'),
);

export function sharedDataPath(relative: string): string {
  const path = join(sharedDataDir, relative);
  if (!existsSync(path)) {
    throw new Error(`conformance data ${relative} not found under ${sharedDataDir} (set COUNTERSCAN_SHARED_DATA)`);
  }
  return path;
}

export function readSharedJson(relative: string): unknown {
  return JSON.parse(readFileSync(sharedDataPath(relative), 'utf8'));
}
