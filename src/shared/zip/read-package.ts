/**
 * The one pass both inspection and extraction make over a deployment package: size and structure
 * checks from the central directory, then symlinks (read and proven to stay inside before anything
 * reaches disk), then every other entry inflated and counted, then the symlinks themselves.
 */
import { readCentralDirectory } from './central-directory.js';
import type { CentralEntry } from './central-directory.js';
import { readEntryData } from './entry-data.js';
import type { ChunkSink, DataBudget } from './entry-data.js';
import { planPackage } from './package-plan.js';
import type { PackagePlan } from './package-plan.js';
import { assertSymlinkTarget, assertSymlinksInside } from './symlink-check.js';
import { resolveZipLimits } from './zip-limits.js';
import type { ResolvedZipLimits, ZipLimits } from './zip-limits.js';
import { symlinkError, zippedSizeError } from './zip-errors.js';
import type { PackageWriter, ZipEntryInfo, ZipInspection } from './zip-types.js';
import { WriteQueue } from './write-queue.js';

/** Synchronous inflation of many small entries would otherwise hold the event loop for the whole package. */
const YIELD_EVERY_MS = 10;
/** Files up to this size are inflated in memory and written whole, several at a time. */
const WHOLE_FILE_BYTES = 1024 * 1024;
const CONCURRENT_WRITES = 16;

export async function readPackage(zip: Uint8Array, limits: ZipLimits, writer?: PackageWriter): Promise<ZipInspection> {
  const resolved = resolveZipLimits(limits);
  if (zip.byteLength > resolved.maxZippedBytes) throw zippedSizeError(resolved.maxZippedBytes);
  const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = await readCentralDirectory(buffer, resolved);
  const run = new PackageRun(buffer, resolved, planPackage(entries));
  const targets = await run.readSymlinks(entries);
  await run.readFiles(entries, writer);
  if (writer !== undefined) {
    for (const entry of entries) {
      const target = targets.get(entry.path);
      if (entry.type === 'symlink' && target !== undefined && run.plan.written.has(entry.index)) {
        await writer.symlink(entry.path, target);
      }
    }
  }
  return {
    entryCount: entries.length,
    unzippedSize: run.total,
    entries: entries.map((entry) => describe(entry, run.sizes.get(entry.index) ?? 0, targets)),
  };
}

/** Running totals of one pass; the budget shrinks by each entry's real size. */
class PackageRun {
  total = 0;
  readonly sizes = new Map<number, number>();

  constructor(
    private readonly zip: Buffer,
    private readonly limits: ResolvedZipLimits,
    readonly plan: PackagePlan,
  ) {}

  async read(entry: CentralEntry, sink: ChunkSink): Promise<void> {
    const size = await readEntryData(this.zip, entry, this.budget(), sink);
    this.sizes.set(entry.index, size);
    this.total += size;
  }

  /** Reads every symlink target and proves the links stay inside; returns path → target. */
  async readSymlinks(entries: readonly CentralEntry[]): Promise<Map<string, string>> {
    const targets = new Map<string, string>();
    const names = new Map<string, string>();
    for (const entry of entries) {
      if (entry.type !== 'symlink') continue;
      const parts: Buffer[] = [];
      await this.read(entry, (chunk) => {
        parts.push(chunk);
      });
      const target = decodeTarget(entry, Buffer.concat(parts));
      assertSymlinkTarget(entry.name, target);
      targets.set(entry.path, target);
      names.set(entry.path, entry.name);
    }
    assertSymlinksInside(this.plan.nodes, targets, names);
    return targets;
  }

  /** Inflates every file (and writes directories and files when extracting). */
  async readFiles(entries: readonly CentralEntry[], writer: PackageWriter | undefined): Promise<void> {
    const queue = new WriteQueue(CONCURRENT_WRITES);
    let lastYield = performance.now();
    try {
      for (const entry of entries) {
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
        if (entry.type === 'symlink') continue;
        const target = writer !== undefined && this.plan.written.has(entry.index) ? writer : undefined;
        if (entry.type === 'directory') {
          if (target !== undefined) await queue.add(() => target.directory(entry.path));
        } else if (target === undefined) {
          await this.read(entry, ignore);
        } else if (entry.declaredSize <= WHOLE_FILE_BYTES) {
          const parts: Buffer[] = [];
          await this.read(entry, (chunk) => {
            parts.push(chunk);
          });
          const content = parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts);
          await queue.add(() => target.writeFile(entry.path, entry.mode, content));
        } else {
          await queue.drain();
          const file = await target.file(entry.path, entry.mode);
          try {
            await this.read(entry, (chunk) => file.write(chunk));
          } finally {
            await file.close();
          }
        }
      }
      await queue.drain();
    } finally {
      // Never return (and let a caller clean up) while a write is still in flight.
      await queue.settle();
    }
  }

  private budget(): DataBudget {
    return {
      remaining: this.limits.maxUnzippedBytes - this.total,
      maxUnzippedBytes: this.limits.maxUnzippedBytes,
      maxCompressionRatio: this.limits.maxCompressionRatio,
    };
  }
}

function ignore(): void {}

function decodeTarget(entry: CentralEntry, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw symlinkError(entry.name, 'has a target that is not valid UTF-8');
  }
}

function describe(entry: CentralEntry, size: number, targets: ReadonlyMap<string, string>): ZipEntryInfo {
  const target = entry.type === 'symlink' ? targets.get(entry.path) : undefined;
  return {
    path: entry.path,
    size,
    mode: entry.mode,
    type: entry.type,
    ...(target === undefined ? {} : { linkTarget: target }),
  };
}
