/**
 * One request's members, whichever protocol carried them: the JSON protocol's object, or the query
 * protocol's flattened form fields (`Attribute.1.Name`, `MessageAttribute.1.Value.StringValue`,
 * `SendMessageBatchRequestEntry.1.Id`, …). Operations read members by their JSON names.
 */
import type { MessageAttributeValue, MessageAttributes } from '../message-attributes.js';
import { QueryParams } from '../../../http/query/query-params.js';
import { invalidParameterValue, missingParameter } from '../sqs-errors.js';
import type { SqsError } from '../sqs-errors.js';

export interface SqsInput {
  string(name: string): string | undefined;
  int(name: string): number | undefined;
  /** `Attributes`, `Tags` / `tags`: string maps. */
  stringMap(name: string): Record<string, string>;
  /** `AttributeNames`, `MessageAttributeNames`, `MessageSystemAttributeNames`, `TagKeys`. */
  stringList(name: string): string[];
  messageAttributes(): MessageAttributes;
  /** Batch entries (`Entries`). */
  entries(): SqsInput[];
}

function notInteger(name: string, value: unknown): SqsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: must be an integer.`);
}

export class JsonInput implements SqsInput {
  readonly #doc: Readonly<Record<string, unknown>>;

  constructor(doc: Readonly<Record<string, unknown>>) {
    this.#doc = doc;
  }

  string(name: string): string | undefined {
    const v = this.#doc[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidParameterValue(`Value for parameter ${name} is invalid. Reason: must be a string.`);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.#doc[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw notInteger(name, v);
    return v;
  }

  stringMap(name: string): Record<string, string> {
    const v = this.#doc[name];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParameterValue(`Value for parameter ${name} is invalid. Reason: must be a map.`);
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      out[k] = typeof item === 'string' ? item : String(item);
    }
    return out;
  }

  stringList(name: string): string[] {
    const v = this.#doc[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw invalidParameterValue(`Value for parameter ${name} is invalid. Reason: must be a list.`);
    return v.map((item) => String(item));
  }

  messageAttributes(): MessageAttributes {
    const v = this.#doc['MessageAttributes'];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParameterValue('Value for parameter MessageAttributes is invalid.');
    const out: Record<string, MessageAttributeValue> = {};
    for (const [name, raw] of Object.entries(v as Record<string, unknown>)) {
      const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      out[name] = {
        DataType: typeof item['DataType'] === 'string' ? item['DataType'] : '',
        ...(typeof item['StringValue'] === 'string' ? { StringValue: item['StringValue'] } : {}),
        ...(typeof item['BinaryValue'] === 'string' ? { BinaryValue: Buffer.from(item['BinaryValue'], 'base64') } : {}),
      };
    }
    return out;
  }

  entries(): SqsInput[] {
    const v = this.#doc['Entries'];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw invalidParameterValue('Value for parameter Entries is invalid.');
    return v.map((item) => new JsonInput((typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>));
  }
}

/** Query-protocol member names: flattened lists and maps are named after their members. */
const LIST_NAMES: Readonly<Record<string, string>> = {
  AttributeNames: 'AttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
  TagKeys: 'TagKey',
};

const MAP_NAMES: Readonly<Record<string, readonly [string, string, string]>> = {
  Attributes: ['Attribute', 'Name', 'Value'],
  Tags: ['Tag', 'Key', 'Value'],
  tags: ['Tag', 'Key', 'Value'],
};

export class QueryInput implements SqsInput {
  readonly #params: QueryParams;
  readonly #entryName: string;

  /** `entryName`: the flattened member name of batch entries, e.g. `SendMessageBatchRequestEntry`. */
  constructor(values: ReadonlyMap<string, string>, entryName: string) {
    this.#params = new QueryParams(values, missingParameter);
    this.#entryName = entryName;
  }

  string(name: string): string | undefined {
    return this.#params.get(name);
  }

  int(name: string): number | undefined {
    return this.#params.int(name, (raw) => notInteger(name, raw));
  }

  stringMap(name: string): Record<string, string> {
    const spec = MAP_NAMES[name];
    return spec === undefined ? {} : this.#params.map(spec[0], spec[1], spec[2]);
  }

  stringList(name: string): string[] {
    return this.#params.list(LIST_NAMES[name] ?? name);
  }

  messageAttributes(): MessageAttributes {
    const out: Record<string, MessageAttributeValue> = {};
    for (const item of this.#params.structs('MessageAttribute')) {
      const name = item['Name'];
      if (name === undefined) continue;
      const binary = item['Value.BinaryValue'];
      const str = item['Value.StringValue'];
      out[name] = {
        DataType: item['Value.DataType'] ?? '',
        ...(str === undefined ? {} : { StringValue: str }),
        ...(binary === undefined ? {} : { BinaryValue: Buffer.from(binary, 'base64') }),
      };
    }
    return out;
  }

  entries(): SqsInput[] {
    return this.#params.structs(this.#entryName).map((item) => new QueryInput(new Map(Object.entries(item)), this.#entryName));
  }
}
