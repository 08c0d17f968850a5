import { createHash } from 'node:crypto';

/** A stable RuntimeVersionArn per runtime, shaped like AWS's `arn:aws:lambda:<r>::runtime:<64 hex>`. */
export function runtimeVersionArn(region: string, runtime: string): string {
  const hash = createHash('sha256').update(`lambdabox-runtime:${runtime}:1`).digest('hex');
  return `arn:aws:lambda:${region}::runtime:${hash}`;
}
