/**
 * Reads the central directory (the archive's authoritative table of contents) through yauzl, and
 * turns each record into a validated CentralEntry. Nothing is inflated here; header sizes are used
 * only to refuse early, and entry-data.ts later holds every entry to its declared size.
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { normalizeEntryPath } from './entry-path.js';
import { classifyEntry } from './entry-kind.js';
import type { ZipEntryType } from './entry-kind.js';
import type { ResolvedZipLimits } from './zip-limits.js';
import { MAX_SYMLINK_TARGET_BYTES } from './zip-limits.js';
import { emptyZipError, invalidZipError, symlinkError, unsafePackageError, unzippedSizeError } from './zip-errors.js';

// Present in yauzl 3 but missing from @types/yauzl 2.x.
declare module 'yauzl' {
  export function getFileNameLowLevel(
    generalPurposeBitFlag: number,
    fileNameBuffer: Buffer,
    extraFields: ReadonlyArray<{ id: number; data: Buffer }>,
    strictFileNames: boolean,
  ): string;
}

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;
const FLAG_ENCRYPTED = 0x1;

export interface CentralEntry {
  /** Index in the central directory. */
  readonly index: number;
  /** The name as stored (decoded), used in error messages. */
  readonly name: string;
  readonly path: string;
  readonly type: ZipEntryType;
  readonly mode: number;
  readonly compressionMethod: number;
  readonly compressedSize: number;
  /** The uncompressed size the header claims; verified against the real output. */
  readonly declaredSize: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

export async function readCentralDirectory(zip: Buffer, limits: ResolvedZipLimits): Promise<CentralEntry[]> {
  if (zip.length === 0) throw emptyZipError();
  const zipfile = await openZip(zip);
  if (zipfile.entryCount === 0) throw emptyZipError();
  if (zipfile.entryCount > limits.maxEntries) {
    throw unsafePackageError(`The deployment package has more than ${limits.maxEntries} entries.`);
  }
  const entries: CentralEntry[] = [];
  let declaredTotal = 0;
  await forEachEntry(zipfile, (raw) => {
    const entry = toCentralEntry(raw, entries.length);
    if (entry.type !== 'directory') {
      declaredTotal += entry.declaredSize;
      // An honest archive this large fails anyway; a dishonest one fails its size check later.
      if (declaredTotal > limits.maxUnzippedBytes) throw unzippedSizeError(limits.maxUnzippedBytes);
    }
    entries.push(entry);
  });
  return entries;
}

/** Entries handled in one go before letting other work run. */
const ENTRIES_PER_TURN = 2000;

/**
 * Feeds each central directory record to `visit`. With MemoryReader yauzl emits entries during
 * readEntry() itself, so records are pulled in a loop (not by recursion from the handler); should an
 * entry ever arrive later, the handler restarts the loop.
 */
function forEachEntry(zipfile: ZipFile, visit: (entry: Entry) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let pumping = false;
    let delivered = false;
    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      zipfile.close();
      reject(error);
    };
    const pump = (): void => {
      pumping = true;
      let handled = 0;
      do {
        delivered = false;
        zipfile.readEntry();
        handled += 1;
      } while (delivered && !finished && handled < ENTRIES_PER_TURN);
      pumping = false;
      if (delivered && !finished) setImmediate(pump);
    };
    zipfile.on('entry', (entry: Entry) => {
      if (finished) return;
      try {
        visit(entry);
      } catch (error) {
        fail(error);
        return;
      }
      delivered = true;
      if (!pumping) pump();
    });
    zipfile.on('end', () => {
      if (finished) return;
      finished = true;
      zipfile.close();
      resolve();
    });
    zipfile.on('error', () => fail(invalidZipError()));
    pump();
  });
}

function openZip(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false };
    yauzl.fromRandomAccessReader(new MemoryReader(zip), zip.length, options, (err, zipfile) => {
      if (err !== null) reject(invalidZipError());
      else resolve(zipfile);
    });
  });
}

/**
 * yauzl's own fromBuffer() answers every read on a later tick (two per entry); answering at once
 * makes reading a large central directory several times faster. Only metadata is read through it:
 * entry data is sliced from the buffer directly (entry-data.ts).
 */
class MemoryReader extends yauzl.RandomAccessReader {
  constructor(private readonly zip: Buffer) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from([this.zip.subarray(start, end)]);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead: number) => void,
  ): void {
    const available = Math.max(0, Math.min(length, this.zip.length - position));
    const copied = available === 0 ? 0 : this.zip.copy(buffer, offset, position, position + available);
    callback(null, copied);
  }
}

function toCentralEntry(raw: Entry, index: number): CentralEntry {
  const rawName: unknown = raw.fileName;
  // decodeStrings:false leaves the name undecoded so that we, not yauzl, judge and report it.
  if (!Buffer.isBuffer(rawName)) throw invalidZipError();
  const name = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, rawName, raw.extraFields, true);
  const { path, namedAsDirectory } = normalizeEntryPath(name);
  const { type, mode } = classifyEntry(name, raw.versionMadeBy, raw.externalFileAttributes, namedAsDirectory);
  if ((raw.generalPurposeBitFlag & FLAG_ENCRYPTED) !== 0) throw invalidZipError();
  if (type !== 'directory') {
    if (raw.compressionMethod !== METHOD_STORED && raw.compressionMethod !== METHOD_DEFLATED) throw invalidZipError();
    if (raw.compressionMethod === METHOD_STORED && raw.compressedSize !== raw.uncompressedSize) throw invalidZipError();
    if (type === 'symlink' && raw.uncompressedSize > MAX_SYMLINK_TARGET_BYTES) {
      throw symlinkError(name, `has a target longer than ${MAX_SYMLINK_TARGET_BYTES} bytes`);
    }
  }
  return {
    index,
    name,
    path,
    type,
    mode,
    compressionMethod: raw.compressionMethod,
    compressedSize: raw.compressedSize,
    declaredSize: raw.uncompressedSize,
    crc32: raw.crc32,
    localHeaderOffset: raw.relativeOffsetOfLocalHeader,
  };
}
