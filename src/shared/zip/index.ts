export { inspectZip } from './inspect-zip.js';
export { extractZip } from './extract-zip.js';
export type { ZipLimits } from './zip-limits.js';
export { DEFAULT_MAX_COMPRESSION_RATIO, DEFAULT_MAX_ENTRIES } from './zip-limits.js';
export type { ZipEntryInfo, ZipInspection } from './zip-types.js';
export type { ZipEntryType } from './entry-kind.js';
