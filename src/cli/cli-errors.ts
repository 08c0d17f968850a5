/** The command-line clients' own failures (their messages are what `lambdabox: …` prints). */
import { LambdaboxError } from '../shared/errors/lambdabox-error.js';

/** No credentials to sign a request with. */
export class NoCredentialsError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_NO_CREDENTIALS', message);
  }
}

/** The server answered with something the client cannot use. */
export class UnexpectedResponseError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_UNEXPECTED_RESPONSE', message);
  }
}
