/** An async destination or dead-letter target lambdabox cannot deliver to (before any send is tried). */
import { LambdaboxError } from '../../shared/errors/lambdabox-error.js';

export class DeliveryRefusedError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_DELIVERY_REFUSED', message);
  }
}
