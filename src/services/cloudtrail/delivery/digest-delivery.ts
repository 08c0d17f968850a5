/**
 * One digest of a trail: the log files delivered since its last digest (an empty list when none were),
 * chained to the previous digest by bucket, key, hash and signature, or a start digest with null previous*
 * fields. Signed over AWS's string-to-sign (digest-file.ts); the signature goes to a `.sig` sidecar in
 * place of S3 object metadata and to the store, which also remembers the chain for the next digest.
 */
import { gzipSync } from 'node:zlib';
import type { TrailTarget } from '../trail-ports.js';
import type { DeliveredLogFile, TrailDeliveryState } from './store/delivery-records.js';
import type { DeliveryContext } from './delivery-context.js';
import { errorText, withoutChain } from './delivery-context.js';
import type { DigestDocument, DigestSignatureSidecar } from './digest-file.js';
import { HASH_ALGORITHM, SIGNATURE_ALGORITHM, digestStringToSign, sha256Hex } from './digest-file.js';
import { digestFileKey, isoSeconds, signatureSidecarKey } from './trail-object-keys.js';

function eventTimes(files: readonly DeliveredLogFile[]): { newest: string | null; oldest: string | null } {
  if (files.length === 0) return { newest: null, oldest: null };
  return {
    newest: isoSeconds(Math.max(...files.map((f) => f.newestEventTime))),
    oldest: isoSeconds(Math.min(...files.map((f) => f.oldestEventTime))),
  };
}

/** Digest names carry whole seconds: two digests of a trail in one second would share a name. */
function digestEnd(at: Date, state: TrailDeliveryState): number {
  const end = Math.floor(at.getTime() / 1000) * 1000;
  return state.lastDigestEnd !== undefined && end <= state.lastDigestEnd ? state.lastDigestEnd + 1000 : end;
}

/** Writes the trail's next digest; false when the trail is not logging here. */
export async function deliverTrailDigest(ctx: DeliveryContext, trail: TrailTarget): Promise<boolean> {
  const at = ctx.clock.now();
  const state = await ctx.store.transact((tx) => tx.getDeliveryState(trail.arn));
  if (state?.loggingSince === undefined) return false;
  try {
    const files = await ctx.store.transact((tx) => tx.logFilesAfter(trail.arn, state.digestedLogId));
    const end = digestEnd(at, state);
    const key = digestFileKey(
      { prefix: trail.s3KeyPrefix, accountId: trail.accountId, region: trail.homeRegion, trailName: trail.name, homeRegion: trail.homeRegion },
      new Date(end),
    );
    const signer = await ctx.signing.active(new Date(end));
    const times = eventTimes(files);
    const chained = state.lastDigestKey !== undefined;
    const doc: DigestDocument = {
      awsAccountId: trail.accountId,
      digestStartTime: isoSeconds(state.lastDigestEnd ?? state.loggingSince),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: trail.s3BucketName,
      digestS3Object: key,
      digestPublicKeyFingerprint: signer.fingerprint,
      digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
      newestEventTime: times.newest,
      oldestEventTime: times.oldest,
      previousDigestS3Bucket: chained ? (state.lastDigestBucket ?? null) : null,
      previousDigestS3Object: chained ? (state.lastDigestKey ?? null) : null,
      previousDigestHashValue: chained ? (state.lastDigestHash ?? null) : null,
      previousDigestHashAlgorithm: chained ? HASH_ALGORITHM : null,
      previousDigestSignature: chained ? (state.lastDigestSignature ?? null) : null,
      logFiles: files.map((f) => ({
        s3Bucket: f.bucket,
        s3Object: f.objectKey,
        hashValue: f.sha256,
        hashAlgorithm: HASH_ALGORITHM,
        newestEventTime: isoSeconds(f.newestEventTime),
        oldestEventTime: isoSeconds(f.oldestEventTime),
      })),
    };
    const content = Buffer.from(JSON.stringify(doc), 'utf8');
    const signature = signer.sign(digestStringToSign(doc.digestEndTime, trail.s3BucketName, key, content, doc.previousDigestSignature));
    const sidecar: DigestSignatureSidecar = { signature, signatureAlgorithm: SIGNATURE_ALGORITHM };
    await ctx.writer.create(trail.s3BucketName, key, gzipSync(content));
    await ctx.writer.create(trail.s3BucketName, signatureSidecarKey(key), Buffer.from(JSON.stringify(sidecar), 'utf8'));
    await ctx.store.transact(async (tx) => {
      const current = await tx.getDeliveryState(trail.arn);
      // Another node extended the chain meanwhile: its digest is the chain's, ours is left unreferenced.
      if (current === undefined || current.lastDigestKey !== state.lastDigestKey) return;
      const { latestDigestError, ...rest } = current;
      void latestDigestError;
      await tx.putDeliveryState({
        ...rest,
        lastDigestKey: key,
        lastDigestBucket: trail.s3BucketName,
        lastDigestHash: sha256Hex(content),
        lastDigestSignature: signature,
        lastDigestEnd: end,
        digestedLogId: files[files.length - 1]?.id ?? current.digestedLogId,
        // The digest's end time, so a validator can name the newest digest from GetTrailStatus alone.
        latestDigestTime: end,
      });
    });
    return true;
  } catch (err) {
    await ctx.store
      .transact(async (tx) => {
        const current = await tx.getDeliveryState(trail.arn);
        if (current !== undefined) await tx.putDeliveryState({ ...current, latestDigestError: errorText(err) });
      })
      .catch((statusErr: unknown) => ctx.logger.warn({ err: statusErr, trailArn: trail.arn }, 'recording a digest error failed'));
    throw err;
  }
}

/**
 * A logging trail without log file validation: its chain breaks (the next digest after validation is
 * turned on again is a start digest) and the log files delivered meanwhile are never digested, as AWS does.
 */
export async function breakDigestChain(ctx: DeliveryContext, trail: TrailTarget): Promise<void> {
  const now = ctx.clock.now().getTime();
  await ctx.store.transact(async (tx) => {
    const current = await tx.getDeliveryState(trail.arn);
    if (current?.loggingSince === undefined) return;
    const files = await tx.logFilesAfter(trail.arn, current.digestedLogId);
    await tx.putDeliveryState({
      ...withoutChain(current),
      lastDigestEnd: now,
      digestedLogId: files[files.length - 1]?.id ?? current.digestedLogId,
    });
  });
}
