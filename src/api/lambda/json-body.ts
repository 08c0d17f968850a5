/** Parses a Lambda control-plane JSON body; an empty body is an empty object, as AWS treats it. */
import type { ApiRequest } from '../../http/api-request.js';
import { AwsError } from '../../shared/errors/aws-error.js';

export class SerializationError extends AwsError {
  constructor(message: string) {
    super('SerializationException', 400, message, { messageKey: 'Message' });
  }
}

export function jsonBody(req: ApiRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    throw new SerializationError('Could not parse the request body as JSON.');
  }
}
