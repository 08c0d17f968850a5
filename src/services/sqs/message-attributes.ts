/**
 * Message attributes: validation as SQS does it, their share of the message size, and the MD5 digests SQS
 * returns (clients verify them: the JS SDK recomputes MD5OfMessageBody and fails on a mismatch).
 */
import { createHash } from 'node:crypto';
import { invalidMessageContents, invalidParameterValue, missingParameter } from './sqs-errors.js';

export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Buffer;
}

export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

const MAX_ATTRIBUTES = 10;
const NAME = /^[A-Za-z0-9_.-]{1,256}$/;
/** XML 1.0's characters only: SQS refuses anything else in bodies and string values. */
function hasInvalidChars(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const valid =
      c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!valid) return true;
  }
  return false;
}

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export function validateBody(body: string | undefined): string {
  if (body === undefined || body === '') throw missingParameter('MessageBody');
  if (hasInvalidChars(body)) {
    throw invalidMessageContents(
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
  return body;
}

export function validateMessageAttributes(attributes: MessageAttributes): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  }
  for (const [name, value] of Object.entries(attributes)) {
    const lower = name.toLowerCase();
    if (!NAME.test(name) || lower.startsWith('aws.') || lower.startsWith('amazon.') || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
    }
    const type = value.DataType;
    if (type === undefined || type === '') throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    const base = type.split('.', 1)[0];
    if ((base !== 'String' && base !== 'Number' && base !== 'Binary') || type.length > 256) {
      throw invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    if (base === 'Binary') {
      if (value.BinaryValue === undefined || value.BinaryValue.length === 0) {
        throw invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
      }
      continue;
    }
    if (value.StringValue === undefined || value.StringValue === '') {
      throw invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`);
    }
    if (hasInvalidChars(value.StringValue)) {
      throw invalidMessageContents(`Message (user) attribute '${name}' contains invalid characters.`);
    }
    if (base === 'Number' && !Number.isFinite(Number(value.StringValue))) {
      throw invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    }
  }
}

/** What attributes add to the message size: name, type and value bytes. */
export function attributesSize(attributes: MessageAttributes): number {
  let size = 0;
  for (const [name, v] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(v.DataType);
    size += v.BinaryValue !== undefined ? v.BinaryValue.length : Buffer.byteLength(v.StringValue ?? '');
  }
  return size;
}

function lengthPrefixed(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/**
 * SQS's MD5OfMessageAttributes: attributes sorted by name, each encoded as length-prefixed name and
 * data type, a transport byte (1 string, 2 binary) and the length-prefixed value; undefined with none.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const v = attributes[name] as MessageAttributeValue;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(v.DataType, 'utf8')));
    if (v.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(v.BinaryValue));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(v.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

/** Attributes as stored inside the sealed message (binary values as base64). */
export function attributesToJson(attributes: MessageAttributes): Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> {
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, v] of Object.entries(attributes)) {
    out[name] = {
      DataType: v.DataType,
      ...(v.BinaryValue !== undefined ? { BinaryValue: v.BinaryValue.toString('base64') } : { StringValue: v.StringValue ?? '' }),
    };
  }
  return out;
}

export function attributesFromJson(json: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>): MessageAttributes {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, v] of Object.entries(json)) {
    out[name] = {
      DataType: v.DataType,
      ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : { StringValue: v.StringValue ?? '' }),
    };
  }
  return out;
}
