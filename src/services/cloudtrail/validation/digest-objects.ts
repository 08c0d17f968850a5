/**
 * Reading a trail's objects from the trail root as awscli reads them from S3: digest keys listed in key
 * order after a marker (DigestProvider.load_digest_keys_in_range), a digest with its signature metadata
 * (here the `.sig` sidecar) and log files. A missing object is a NoSuchKey, as S3 answers.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { trailObjectPath } from '../delivery/append-only-writer.js';
import { signatureSidecarKey } from '../delivery/trail-object-keys.js';

export class NoSuchKeyError extends Error {
  constructor(bucket: string, key: string) {
    super(`An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist. (s3://${bucket}/${key})`);
    this.name = 'NoSuchKeyError';
  }
}

/** awscli's DigestError: its message is the line the report prints. */
export class DigestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigestError';
  }
}

export const invalidFormat = (bucket: string, key: string): DigestError =>
  new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: invalid format`);
export const signatureFailed = (bucket: string, key: string): DigestError =>
  new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: signature verification failed`);

export async function getObject(root: string, bucket: string, key: string): Promise<Buffer> {
  try {
    return await readFile(trailObjectPath(root, bucket, key));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new NoSuchKeyError(bucket, key);
    }
    throw err;
  }
}

/** Every key under `<bucket>/<dir>/`, in S3's (byte-wise) order. */
export async function listKeys(root: string, bucket: string, dir: string): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, bucket, ...rel.split('/')), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) keys.push(child);
    }
  };
  await walk(dir);
  return keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export interface FetchedDigest {
  readonly data: Record<string, unknown>;
  readonly inflated: Buffer;
  readonly signature: string;
  readonly signatureAlgorithm: string;
}

/** DigestProvider.fetch_digest: the inflated digest, its JSON, and the signature metadata. */
export async function fetchDigest(root: string, bucket: string, key: string): Promise<FetchedDigest> {
  const body = await getObject(root, bucket, key);
  let inflated: Buffer;
  let data: unknown;
  try {
    inflated = gunzipSync(body);
    data = JSON.parse(inflated.toString('utf8'));
  } catch {
    throw invalidFormat(bucket, key);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalidFormat(bucket, key);
  let meta: unknown;
  try {
    meta = JSON.parse((await getObject(root, bucket, signatureSidecarKey(key))).toString('utf8'));
  } catch {
    throw signatureFailed(bucket, key);
  }
  const m = (meta ?? {}) as Record<string, unknown>;
  if (typeof m['signature'] !== 'string' || typeof m['signatureAlgorithm'] !== 'string') throw signatureFailed(bucket, key);
  return { data: data as Record<string, unknown>, inflated, signature: m['signature'], signatureAlgorithm: m['signatureAlgorithm'] };
}
