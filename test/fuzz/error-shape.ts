/**
 * Is a 4xx answer an AWS error in its protocol, the way the SDKs parse it?
 * rest-json: `x-amzn-ErrorType` and a JSON object with `message` or `Message`; query: XML
 * `<ErrorResponse><Error><Code>…</Code><Message>…</Message>`; JSON 1.0 (SQS): `__type` and `message`.
 */
import type { RawResponse } from './raw-client.js';
import type { Protocol } from './wire-request.js';

function json(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** undefined when the error is AWS-shaped, else why not. */
export function errorShapeProblem(protocol: Protocol, res: RawResponse): string | undefined {
  if (typeof res.headers['x-amzn-requestid'] !== 'string') return 'no x-amzn-RequestId header';
  if (protocol === 'rest-json') {
    const type = res.headers['x-amzn-errortype'];
    if (typeof type !== 'string' || type === '') return 'no x-amzn-ErrorType header';
    const body = json(res.body);
    if (body === undefined) return 'body is not a JSON object';
    if (typeof body['message'] !== 'string' && typeof body['Message'] !== 'string') return 'no message/Message in the body';
    return undefined;
  }
  if (protocol === 'json') {
    const body = json(res.body);
    if (body === undefined) return 'body is not a JSON object';
    if (typeof body['__type'] !== 'string' || body['__type'] === '') return 'no __type in the body';
    if (typeof body['message'] !== 'string') return 'no message in the body';
    return undefined;
  }
  const xml = res.body.toString('utf8');
  if (!/^(<\?xml[^>]*\?>\s*)?<ErrorResponse[\s>]/.test(xml)) return 'body is not an XML ErrorResponse';
  if (!/<Error>[\s\S]*<Code>[^<]+<\/Code>[\s\S]*<\/Error>/.test(xml)) return 'no Error/Code';
  if (!/<Error>[\s\S]*<Message>[^<]*<\/Message>[\s\S]*<\/Error>/.test(xml) && !/<Message\/>/.test(xml)) return 'no Error/Message';
  return undefined;
}
