/**
 * The JSON of a function or layer-version policy as Lambda returns it: `{"Version":"2012-10-17",
 * "Id":"default","Statement":[…]}`, statements in the order they were added.
 */
export interface ResourceStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: '*' | { readonly AWS: string } | { readonly Service: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface ResourcePolicyDocument {
  readonly Version: '2012-10-17';
  readonly Id: 'default';
  readonly Statement: readonly ResourceStatement[];
}

export function parseStoredPolicy(text: string | undefined): ResourcePolicyDocument {
  if (text === undefined) return { Version: '2012-10-17', Id: 'default', Statement: [] };
  return JSON.parse(text) as ResourcePolicyDocument;
}

export function serializePolicy(statements: readonly ResourceStatement[]): string {
  const doc: ResourcePolicyDocument = { Version: '2012-10-17', Id: 'default', Statement: statements };
  return JSON.stringify(doc);
}

/** Resource-based policies are limited to 20 KB (PolicyLengthExceededException). */
export const POLICY_MAX_BYTES = 20 * 1024;
