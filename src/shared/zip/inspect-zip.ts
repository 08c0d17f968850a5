import { readPackage } from './read-package.js';
import type { ZipLimits } from './zip-limits.js';
import type { ZipInspection } from './zip-types.js';

/**
 * Reads the whole archive from memory, inflating every entry and counting the real bytes (header
 * sizes are only used to refuse early, and every entry must match its header exactly), enforcing the
 * limits while inflating. Nothing is buffered beyond one small entry or one 64 KiB chunk at a time.
 */
export async function inspectZip(zip: Uint8Array, limits: ZipLimits): Promise<ZipInspection> {
  return readPackage(zip, limits);
}
