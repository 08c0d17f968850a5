/**
 * The generic ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. The resource is everything
 * after the fifth colon and may hold more colons (`function:f:prod`, `layer:l:3`) or slashes
 * (`role/path/name`); the other sections hold none. Region and account may be empty (IAM ARNs have no
 * region, S3's no account), and so may the partition (Lambda's model accepts `arn::lambda:…`); the typed
 * parsers beside this one say what each kind requires.
 */
import { accepted, refused, type Parsed } from './result.js';

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

export type ArnRefusal = 'not an ARN' | 'too few sections' | 'no service' | 'no resource';

export function parseArn(text: string): Parsed<Arn, ArnRefusal> {
  if (!text.startsWith('arn:')) return refused('not an ARN');
  const sections: string[] = [];
  let from = 4;
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return refused('too few sections');
    sections.push(text.slice(from, colon));
    from = colon + 1;
  }
  const [partition, service, region, accountId] = sections as [string, string, string, string];
  const resource = text.slice(from);
  if (service === '') return refused('no service');
  if (resource === '') return refused('no resource');
  return accepted({ partition, service, region, accountId, resource });
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

/**
 * The partition and service of a text that starts like an ARN, however the rest looks: what a check
 * "is this an SQS ARN at all?" needs before the service's own parser has its say. Undefined without
 * the `arn:` prefix; `service` is undefined when the text stops before it.
 */
export function arnHead(text: string): { readonly partition: string; readonly service?: string; readonly more: boolean } | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const [, partition = '', service, ...rest] = text.split(':');
  return service === undefined ? { partition, more: false } : { partition, service, more: rest.length > 0 };
}
