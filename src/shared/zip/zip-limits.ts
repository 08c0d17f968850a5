/**
 * Limits applied while reading a deployment package. Lambda documents the zipped and unzipped caps;
 * the entry-count and compression-ratio caps are lambdabox's own guards against archives built to
 * exhaust the host (AWS publishes neither).
 */

export interface ZipLimits {
  /** Lambda: 52428800 for a direct (`ZipFile`) upload. Archives larger than this are refused. */
  readonly maxZippedBytes: number;
  /**
   * Lambda: 262144000 (250 MB). Callers pass the remaining budget when layers count too. The real
   * inflated bytes of all entries together may not exceed it.
   */
  readonly maxUnzippedBytes: number;
  /** @default DEFAULT_MAX_ENTRIES */
  readonly maxEntries?: number;
  /** Per entry, applies once an entry inflates past RATIO_THRESHOLD_BYTES. @default DEFAULT_MAX_COMPRESSION_RATIO */
  readonly maxCompressionRatio?: number;
}

/**
 * Large real packages (numpy + pandas + scipy, or a big node_modules tree under 250 MB) hold 15k-50k
 * files, so 100k leaves ample headroom while still bounding the file-creation work and the metadata
 * held in memory (a 50 MB central directory could otherwise describe ~1M entries).
 */
export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * Source, bytecode and native libraries compress 2-10:1; deflate tops out near 1032:1, reached only by
 * runs of identical bytes. 200:1 flags bombs early without touching anything a real package ships.
 */
export const DEFAULT_MAX_COMPRESSION_RATIO = 200;

/** Small highly repetitive files (lock files, sparse fixtures) may exceed the ratio harmlessly. */
export const RATIO_THRESHOLD_BYTES = 1024 * 1024;

/** PATH_MAX minus the terminating NUL: the kernel refuses longer symlink targets. */
export const MAX_SYMLINK_TARGET_BYTES = 4095;

export interface ResolvedZipLimits {
  readonly maxZippedBytes: number;
  readonly maxUnzippedBytes: number;
  readonly maxEntries: number;
  readonly maxCompressionRatio: number;
}

export function resolveZipLimits(limits: ZipLimits): ResolvedZipLimits {
  return {
    maxZippedBytes: limits.maxZippedBytes,
    maxUnzippedBytes: limits.maxUnzippedBytes,
    maxEntries: limits.maxEntries ?? DEFAULT_MAX_ENTRIES,
    maxCompressionRatio: limits.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
}

/** Largest number of bytes an entry may inflate to before the ratio guard trips. */
export function ratioCap(compressedSize: number, maxCompressionRatio: number): number {
  return Math.max(RATIO_THRESHOLD_BYTES, compressedSize * maxCompressionRatio);
}
