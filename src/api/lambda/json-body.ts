/** Parses a Lambda control-plane JSON body; an empty body is an empty object, as AWS treats it. */
import type { ApiRequest } from '../../http/api-request.js';
import { SerializationError } from '../../shared/errors/lambda-errors.js';

export function jsonBody(req: ApiRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    // This answer has always spelled the message member `Message` (the wrong-type answers: `message`).
    throw new SerializationError('Could not parse the request body as JSON.', 'Message');
  }
}
