/** A language runtime could not be fetched or installed (npm, tar, or the fetched binary failed). */
import { LambdaboxError } from '../shared/errors/lambdabox-error.js';

export class RuntimeInstallError extends LambdaboxError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_RUNTIME_INSTALL', message, options);
  }
}
