/**
 * Inflates one entry straight from the in-memory archive, counting the real output and checking it
 * against the entry's declared size (itself checked against the remaining unzipped budget and the
 * compression-ratio guard) and its CRC-32. Inflation stops one chunk past the declared size, so a
 * forged header costs at most that much work.
 */
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import type { CentralEntry } from './central-directory.js';
import { METHOD_STORED } from './central-directory.js';
import { ratioCap } from './zip-limits.js';
import { entryError, invalidZipError, unzippedSizeError } from './zip-errors.js';
import { isAwsError } from '../errors/aws-error.js';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
/** Entries up to this size inflate in one synchronous call: far cheaper than a stream per small file. */
const SYNC_INFLATE_BYTES = 1024 * 1024;
const STREAM_CHUNK_BYTES = 64 * 1024;
/** zlib's Z_MIN_CHUNK. */
const MIN_CHUNK_BYTES = 64;

/** Receives the entry's bytes in order; may be async (writing to disk). */
export type ChunkSink = (chunk: Buffer) => void | Promise<void>;

export interface DataBudget {
  /** Unzipped bytes still allowed for the rest of the package. */
  readonly remaining: number;
  /** The package-wide limit, for the error message. */
  readonly maxUnzippedBytes: number;
  readonly maxCompressionRatio: number;
}

/** Streams the entry's content to `sink` and returns its real size. */
export async function readEntryData(
  zip: Buffer,
  entry: CentralEntry,
  budget: DataBudget,
  sink: ChunkSink,
): Promise<number> {
  const data = compressedData(zip, entry);
  // Refuse from the header when it alone breaks a limit. Otherwise the header becomes the hard cap:
  // inflation stops one chunk past it and any mismatch is fatal, so the real bytes of every entry
  // (and of the package) stay within the limits whatever the header claims.
  if (entry.declaredSize > budget.remaining) throw unzippedSizeError(budget.maxUnzippedBytes);
  if (entry.compressionMethod !== METHOD_STORED && entry.declaredSize > ratioCap(entry.compressedSize, budget.maxCompressionRatio)) {
    throw entryError(entry.name, `has a compression ratio above ${budget.maxCompressionRatio}:1, which looks like a zip bomb`);
  }
  const limit = entry.declaredSize;
  let size = 0;
  let crc = 0;
  const accept = async (chunk: Buffer): Promise<void> => {
    size += chunk.length;
    // More real output than declared: a corrupt or forged header.
    if (size > limit) throw invalidZipError();
    crc = crc32(chunk, crc);
    await sink(chunk);
  };
  if (entry.compressionMethod === METHOD_STORED) await accept(data);
  else if (limit <= SYNC_INFLATE_BYTES) await accept(inflateSmall(data, limit));
  else await inflateStreaming(data, accept);

  if (size !== limit || crc !== entry.crc32) throw invalidZipError();
  return size;
}

/** Locates the entry's bytes through its local header (only the lengths are taken from it). */
function compressedData(zip: Buffer, entry: CentralEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (header + LOCAL_HEADER_SIZE > zip.length || zip.readUInt32LE(header) !== LOCAL_HEADER_SIGNATURE) {
    throw invalidZipError();
  }
  // A local header that disagrees on encryption or method means two readers could see two archives.
  const flags = zip.readUInt16LE(header + 6);
  const method = zip.readUInt16LE(header + 8);
  if ((flags & 0x1) !== 0 || method !== entry.compressionMethod) throw invalidZipError();
  const start = header + LOCAL_HEADER_SIZE + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw invalidZipError();
  return zip.subarray(start, end);
}

function inflateSmall(data: Buffer, limit: number): Buffer {
  try {
    // One byte past the limit is enough to know it was exceeded; one output chunk of that size
    // spares zlib from gathering 16 KiB pieces and concatenating them.
    return inflateRawSync(data, { maxOutputLength: limit + 1, chunkSize: Math.max(MIN_CHUNK_BYTES, limit + 1) });
  } catch {
    throw invalidZipError();
  }
}

async function inflateStreaming(data: Buffer, accept: (chunk: Buffer) => Promise<void>): Promise<void> {
  const inflater = createInflateRaw({ chunkSize: STREAM_CHUNK_BYTES });
  inflater.end(data);
  try {
    for await (const chunk of inflater) {
      if (!Buffer.isBuffer(chunk)) throw invalidZipError();
      await accept(chunk);
    }
  } catch (error) {
    if (isAwsError(error)) throw error;
    throw invalidZipError();
  } finally {
    inflater.destroy();
  }
}
