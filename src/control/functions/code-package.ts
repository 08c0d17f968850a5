/**
 * Accepting a deployment package: inspect the zip (limits, zip-slip, bombs) against the unzipped
 * budget left after the function's layers, then store it encrypted and content-addressed.
 */
import { createHash } from 'node:crypto';
import type { BlobStore } from '../../store/blob-store.js';
import { inspectZip } from '../../shared/zip/inspect-zip.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';

/**
 * 50 MB zipped for a direct upload; 250 MB unzipped including layers
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface AcceptedCode {
  readonly sha256Hex: string;
  /** base64(SHA-256(zip)): Lambda's CodeSha256. */
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
}

export function codeSha256Of(zip: Uint8Array): { hex: string; base64: string } {
  const digest = createHash('sha256').update(zip).digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

/** AWS's message when code and layers together pass 250 MB unzipped. */
export function assertWithinUnzippedLimit(codeUnzipped: number, layersUnzipped: number): void {
  const total = codeUnzipped + layersUnzipped;
  if (layersUnzipped > 0 && total > MAX_UNZIPPED_BYTES) {
    throw new InvalidParameterValueError(
      `Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`,
    );
  }
}

/** Inspects the package on its own against the full limit, then with the function's layers. */
export async function inspectCode(zip: Buffer, layersUnzipped: number): Promise<number> {
  const inspection = await inspectZip(zip, { maxZippedBytes: MAX_ZIPPED_BYTES, maxUnzippedBytes: MAX_UNZIPPED_BYTES });
  assertWithinUnzippedLimit(inspection.unzippedSize, layersUnzipped);
  return inspection.unzippedSize;
}

export async function acceptCode(blobs: BlobStore, zip: Buffer, layersUnzipped: number): Promise<AcceptedCode> {
  const unzippedSize = await inspectCode(zip, layersUnzipped);
  const { sha256 } = await blobs.put(zip);
  return {
    sha256Hex: sha256,
    codeSha256: Buffer.from(sha256, 'hex').toString('base64'),
    codeSize: zip.length,
    unzippedSize,
  };
}
