/** A trail with a few hours of delivered logs and digests, and what tamper tests need to reach its files. */
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LoggingTrail } from '../../../../src/services/cloudtrail/trail-ports.js';
import type { DigestDocument } from '../../../../src/services/cloudtrail/delivery/digest-file.js';
import { validateTrail } from '../../../../src/services/cloudtrail/validation/validate-trail.js';
import type { ValidationOutcome } from '../../../../src/services/cloudtrail/validation/validate-trail.js';
import { writeReport } from '../../../../src/services/cloudtrail/validation/validation-report.js';
import type { DeliveryFixture } from './delivery-fixture.js';
import { T0, validatedTrail } from './delivery-fixture.js';

export interface Chain {
  readonly trail: LoggingTrail;
  /** Digest keys, oldest first. */
  readonly digests: string[];
  /** Log file keys, oldest first. */
  readonly logs: string[];
  readonly start: Date;
  readonly end: Date;
}

function keysUnder(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...keysUnder(root, child));
    else out.push(child);
  }
  return out.sort();
}

/** StartLogging at T0, then `hours` hours each with two deliveries of events and one digest. */
export async function buildChain(f: DeliveryFixture, trail: LoggingTrail, hours: number): Promise<Chain> {
  f.trails.push(trail);
  await f.delivery.startedLogging(trail, f.clock.now());
  for (let h = 0; h < hours; h++) {
    for (let d = 0; d < 2; d++) {
      f.addEvent();
      f.clock.advance(5 * 60_000);
      await f.delivery.deliverNow();
    }
    f.clock.ms = T0 + (h + 1) * 3600_000;
    await f.delivery.digestNow();
  }
  return { trail, ...objectsOf(f, trail), start: new Date(T0), end: new Date(f.clock.ms) };
}

/** The trail's digest and log keys in its bucket, each oldest first. */
export function objectsOf(f: DeliveryFixture, trail: LoggingTrail): { digests: string[]; logs: string[] } {
  const all = keysUnder(join(f.root, trail.s3BucketName), 'AWSLogs').filter((k) => k.endsWith('.json.gz'));
  return { digests: all.filter((k) => k.includes('/CloudTrail-Digest/')), logs: all.filter((k) => k.includes('/CloudTrail/')) };
}

export function objectPath(f: DeliveryFixture, chain: Chain, key: string): string {
  return join(f.root, chain.trail.s3BucketName, ...key.split('/'));
}

export function readDigest(f: DeliveryFixture, chain: Chain, key: string): { doc: DigestDocument; raw: Buffer; signature: string } {
  const raw = gunzipSync(readFileSync(objectPath(f, chain, key)));
  const sig = JSON.parse(readFileSync(`${objectPath(f, chain, key)}.sig`, 'utf8')) as { signature: string };
  return { doc: JSON.parse(raw.toString('utf8')) as DigestDocument, raw, signature: sig.signature };
}

/** What an attacker with write access to the bucket does: replace an object (the files are 0400). */
export function overwrite(path: string, data: Uint8Array): void {
  chmodSync(path, 0o600);
  writeFileSync(path, data);
}

export function overwriteGzip(path: string, content: string | Buffer): void {
  overwrite(path, gzipSync(content));
}

export async function validate(f: DeliveryFixture, chain: Chain, extra: { latestDigestEnd?: Date } = {}): Promise<ValidationOutcome> {
  return validateTrail({
    root: f.root,
    trail: validatedTrail(chain.trail),
    publicKeys: await f.delivery.publicKeys(chain.start, chain.end),
    start: chain.start,
    end: chain.end,
    ...extra,
  });
}

/** The report as awscli would print it, stderr lines marked `! `. */
export function reportOf(outcome: ValidationOutcome, verbose = false): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  writeReport(outcome, verbose, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { stdout, stderr };
}

/** The error lines of an outcome. */
export function errors(outcome: ValidationOutcome): string[] {
  return outcome.messages.filter((m) => m.isError).map((m) => m.text);
}
