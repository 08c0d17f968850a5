/** A raw SigV4-signed Invoke request (exact headers, no SDK), for tests and benches that post many. */
import { signRequest } from '../../src/iam/sigv4/sign.js';
import { TEST_REGION } from './lambdabox-fixture.js';

export interface SignedInvoke {
  readonly target: URL;
  readonly headers: Array<[string, string]>;
}

export function signedInvoke(
  url: string,
  functionName: string,
  body: Buffer,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  invocationType: 'Event' | 'RequestResponse' = 'Event',
): SignedInvoke {
  const target = new URL(`/2015-03-31/functions/${functionName}/invocations`, url);
  const signed = signRequest({
    method: 'POST',
    path: target.pathname,
    query: '',
    headers: [['host', target.host], ['x-amz-invocation-type', invocationType]],
    body,
    ...credentials,
    region: TEST_REGION,
    service: 'lambda',
    now: new Date(),
  });
  return { target, headers: signed.headers };
}
