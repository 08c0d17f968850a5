/**
 * Builders for the zip tests: fflate for ordinary archives (a real, independent producer) and a
 * byte-level writer for the hostile ones (forged headers, odd flags, bombs) that no tool emits.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import type { ZippableFile, ZipOptions } from 'fflate';
import { InvalidParameterValueError } from '../../../src/shared/errors/lambda-errors.js';

export const UNIX = 3;
export const INVALID_ZIP = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** External attributes carrying a unix mode (type and permission bits) in the high 16 bits. */
export function unixAttrs(mode: number): number {
  return (mode << 16) >>> 0;
}

export function file(content: string | Uint8Array, mode = 0o100644): ZippableFile {
  const bytes = typeof content === 'string' ? strToU8(content) : content;
  return [bytes, { os: UNIX, attrs: unixAttrs(mode) }];
}

export function link(target: string): ZippableFile {
  return [strToU8(target), { os: UNIX, attrs: unixAttrs(0o120777), level: 0 }];
}

export function dir(): ZippableFile {
  return [new Uint8Array(0), { os: UNIX, attrs: unixAttrs(0o040755) }];
}

/** fflate keeps insertion order, so entries appear in the central directory in object order. */
export function zipOf(files: Record<string, ZippableFile>, options: ZipOptions = {}): Uint8Array {
  return zipSync(files, options);
}

export interface RawEntry {
  readonly name: string | Uint8Array;
  /** Bytes as stored in the archive (already deflated when method is 8). */
  readonly data: Uint8Array;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly flags?: number;
  readonly versionMadeBy?: number;
  readonly externalAttrs?: number;
}

export function deflated(name: string, content: Uint8Array, mode = 0o100644): RawEntry {
  return {
    name,
    data: deflateRawSync(content),
    method: 8,
    crc: crc32(content),
    size: content.length,
    versionMadeBy: (UNIX << 8) | 20,
    externalAttrs: unixAttrs(mode),
  };
}

export function stored(name: string, content: Uint8Array, mode = 0o100644): RawEntry {
  return { ...deflated(name, content, mode), data: content, method: 0 };
}

/** Writes local headers, data, central directory and end record, exactly as described. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : Buffer.from(entry.name);
    const flags = (entry.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(entry.data));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.versionMadeBy ?? (UNIX << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.externalAttrs ?? unixAttrs(0o100644), 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * `megabytes` MiB of zeros as one deflate stream (CRC skipped on request for entries meant to fail first), built from a 1 MiB segment ended with a full flush
 * (byte-aligned, no back-references across segments) repeated, then an empty final block. Costs a
 * few ms instead of deflating hundreds of megabytes.
 */
export function zeroBomb(name: string, megabytes: number, { withCrc = true } = {}): RawEntry {
  const zeros = Buffer.alloc(1024 * 1024);
  const segment = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const finalBlock = Buffer.from([0x03, 0x00]);
  let crc = 0;
  for (let i = 0; withCrc && i < megabytes; i++) crc = crc32(zeros, crc);
  return {
    name,
    data: Buffer.concat([...Array.from({ length: megabytes }, () => segment), finalBlock]),
    method: 8,
    crc,
    size: megabytes * 1024 * 1024,
    versionMadeBy: (UNIX << 8) | 20,
    externalAttrs: unixAttrs(0o100644),
  };
}

/** Byte offsets of each central directory record, read from the end record. */
export function centralRecords(zip: Uint8Array): number[] {
  const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const records: number[] = [];
  for (let i = 0; i < count; i++) {
    records.push(offset);
    offset += 46 + buffer.readUInt16LE(offset + 28) + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return records;
}

/** Returns a copy with a 16- or 32-bit little-endian field of central record `index` replaced. */
export function patchCentral(zip: Uint8Array, index: number, field: number, value: number, bytes: 2 | 4): Uint8Array {
  const copy = Buffer.from(zip);
  const record = centralRecords(copy)[index];
  if (record === undefined) throw new Error(`no central record ${index}`);
  if (bytes === 2) copy.writeUInt16LE(value, record + field);
  else copy.writeUInt32LE(value >>> 0, record + field);
  return new Uint8Array(copy);
}

/** Same for the local header of entry `index`, found through its central record. */
export function patchLocal(zip: Uint8Array, index: number, field: number, value: number, bytes: 2 | 4): Uint8Array {
  const copy = Buffer.from(zip);
  const record = centralRecords(copy)[index];
  if (record === undefined) throw new Error(`no central record ${index}`);
  const local = copy.readUInt32LE(record + 42);
  if (bytes === 2) copy.writeUInt16LE(value, local + field);
  else copy.writeUInt32LE(value >>> 0, local + field);
  return new Uint8Array(copy);
}

export const CD_FLAGS = 8;
export const CD_METHOD = 10;
export const CD_CRC = 16;
export const CD_UNCOMPRESSED = 24;
export const CD_EXTERNAL_ATTRS = 38;
export const LH_FLAGS = 6;
export const LH_METHOD = 8;

/** Asserts `error` is an InvalidParameterValueException whose message matches. */
export function invalidParameter(message: string | RegExp): (error: unknown) => boolean {
  return (error: unknown): boolean => {
    if (!(error instanceof InvalidParameterValueError)) throw error;
    if (typeof message === 'string' ? error.message !== message : !message.test(error.message)) {
      throw new Error(`unexpected message: ${error.message}`);
    }
    return error.status === 400 && error.code === 'InvalidParameterValueException';
  };
}
