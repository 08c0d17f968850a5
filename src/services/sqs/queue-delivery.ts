/**
 * The in-process door to the queue service for other components (async invoke delivers destination
 * records and dead-letter events here). A send is authorized exactly like an API call: `sqs:SendMessage`
 * on the queue for the sender (usually a function's execution role), with the queue policy as the
 * resource policy. It resolves only after the message is committed.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../iam/caller.js';
import type { SqsDeps } from './sqs-deps.js';
import { sendMessages } from './operations/send-message.js';
import { parseQueueArn } from './queue-names.js';
import { queueDoesNotExist } from './sqs-errors.js';

export interface QueueMessage {
  readonly body: string;
  /** Message attributes as SQS takes them (e.g. `RequestID`, `ErrorCode`, `ErrorMessage` on DLQ events). */
  readonly attributes?: Readonly<Record<string, { readonly DataType: string; readonly StringValue?: string }>>;
}

export interface QueueDelivery {
  /**
   * Sends one message to the queue `queueArn` as `sender`. Rejects with AwsError: AccessDenied when the
   * sender may not send there, QueueDoesNotExist when the queue is gone, InvalidParameterValue for a
   * message SQS would refuse (too large, invalid characters).
   */
  send(sender: Caller, queueArn: string, message: QueueMessage): Promise<{ messageId: string }>;
}

export class SqsQueueDelivery implements QueueDelivery {
  readonly #deps: SqsDeps;

  constructor(deps: SqsDeps) {
    this.#deps = deps;
  }

  async send(sender: Caller, queueArn: string, message: QueueMessage): Promise<{ messageId: string }> {
    const ref = parseQueueArn(queueArn, this.#deps.region);
    if (ref === undefined) throw queueDoesNotExist();
    const now = this.#deps.clock.now();
    const [result] = await sendMessages(
      this.#deps,
      // Calls made by the platform on a role's behalf carry no client address.
      { caller: sender, facts: { sourceIp: '', secureTransport: true, now, region: this.#deps.region, requestId: randomUUID() } },
      ref,
      [{ body: message.body, attributes: message.attributes ?? {} }],
      'SendMessage',
    );
    if (result === undefined || 'error' in result) throw result?.error ?? queueDoesNotExist();
    return { messageId: result.messageId };
  }
}
