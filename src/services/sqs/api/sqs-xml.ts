/**
 * Query-protocol rendering of SQS results: SQS flattens every list and map, so `Attributes` becomes
 * repeated `<Attribute><Name/><Value/></Attribute>`, `QueueUrls` repeated `<QueueUrl>`, batch results
 * repeated `<…ResultEntry>` / `<BatchResultErrorEntry>`.
 */
import { flat } from '../../../http/query/xml.js';
import type { XmlObject, XmlValue } from '../../../http/query/xml.js';
import type { SqsResult } from './sqs-actions.js';

function pairs(map: unknown, key: string, value: string): XmlValue {
  if (map === undefined || map === null) return undefined;
  return flat(Object.entries(map as Record<string, XmlValue>).map(([k, v]) => ({ [key]: k, [value]: v })));
}

function list(items: unknown): XmlValue {
  return items === undefined ? undefined : flat(items as XmlValue[]);
}

function message(m: Record<string, unknown>): XmlObject {
  const attrs = m['MessageAttributes'] as Record<string, Record<string, string>> | undefined;
  return {
    MessageId: m['MessageId'] as string,
    ReceiptHandle: m['ReceiptHandle'] as string,
    MD5OfBody: m['MD5OfBody'] as string,
    Body: m['Body'] as string,
    Attribute: pairs(m['Attributes'], 'Name', 'Value'),
    MD5OfMessageAttributes: m['MD5OfMessageAttributes'] as string | undefined,
    MessageAttribute:
      attrs === undefined
        ? undefined
        : flat(
            Object.entries(attrs).map(([name, v]) => ({
              Name: name,
              Value: { StringValue: v['StringValue'], BinaryValue: v['BinaryValue'], DataType: v['DataType'] },
            })),
          ),
  };
}

const BATCH_ENTRY: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessageBatchResultEntry',
  DeleteMessageBatch: 'DeleteMessageBatchResultEntry',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibilityBatchResultEntry',
};

/** The members of `<ActionResult>`, or undefined for actions AWS answers without a result element. */
export function toXmlResult(action: string, result: SqsResult): XmlObject | undefined {
  switch (action) {
    case 'CreateQueue':
    case 'GetQueueUrl':
      return { QueueUrl: result['QueueUrl'] as string };
    case 'ListQueues':
      return { QueueUrl: list(result['QueueUrls']), NextToken: result['NextToken'] as string | undefined };
    case 'GetQueueAttributes':
      return { Attribute: pairs(result['Attributes'], 'Name', 'Value') };
    case 'ListQueueTags':
      return { Tag: pairs(result['Tags'], 'Key', 'Value') };
    case 'SendMessage':
      return result as XmlObject;
    case 'ReceiveMessage':
      return { Message: list(((result['Messages'] as Array<Record<string, unknown>> | undefined) ?? []).map(message)) };
    case 'SendMessageBatch':
    case 'DeleteMessageBatch':
    case 'ChangeMessageVisibilityBatch':
      return {
        [BATCH_ENTRY[action] as string]: list(result['Successful']),
        BatchResultErrorEntry: list(result['Failed']),
      };
    default:
      return undefined;
  }
}
