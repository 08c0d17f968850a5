/** Message bodies and attributes are sealed at rest, bound to their account and message id. */
import type { KeyService } from '../../shared/crypto/key-service.js';
import { attributesFromJson, attributesToJson } from './message-attributes.js';
import type { MessageAttributes } from './message-attributes.js';

export interface MessageContent {
  readonly body: string;
  readonly attributes: MessageAttributes;
}

interface SealedShape {
  readonly b: string;
  readonly a: ReturnType<typeof attributesToJson>;
}

function context(accountId: string, messageId: string): string {
  return `lambdabox/sqs/message/${accountId}/${messageId}`;
}

export function sealMessage(keys: KeyService, accountId: string, messageId: string, content: MessageContent): Buffer {
  const shape: SealedShape = { b: content.body, a: attributesToJson(content.attributes) };
  return keys.seal(Buffer.from(JSON.stringify(shape), 'utf8'), context(accountId, messageId));
}

export function openMessage(keys: KeyService, accountId: string, messageId: string, sealed: Buffer): MessageContent {
  const shape = JSON.parse(keys.open(sealed, context(accountId, messageId)).toString('utf8')) as SealedShape;
  return { body: shape.b, attributes: attributesFromJson(shape.a) };
}
