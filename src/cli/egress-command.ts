/**
 * `lambdabox egress set|get|clear <function>`: a function's egress policy, kept in its
 * `lambdabox:egress` tag and written through the API (TagResource / ListTags / UntagResource), so
 * the same rules and authorization apply as to any tag change. A tag value holds at most 256
 * characters.
 */
import { EGRESS_TAG, parseEgressPolicy } from '../shared/platform-tags/egress-policy.js';
import { callLambda, resolveApiClient } from './api-client.js';
import type { ApiClientFlags, ApiClientSettings } from './api-client.js';
import { ConfigError } from '../shared/errors/lambdabox-error.js';
import { UnexpectedResponseError } from './cli-errors.js';

const MAX_TAG_VALUE = 256;

async function functionArn(s: ApiClientSettings, name: string): Promise<string> {
  if (name.startsWith('arn:')) return name;
  const out = (await callLambda(s, 'GET', `/2015-03-31/functions/${encodeURIComponent(name)}`)) as {
    Configuration?: { FunctionArn?: string };
  };
  const arn = out.Configuration?.FunctionArn;
  if (arn === undefined) throw new UnexpectedResponseError(`GetFunction did not return the ARN of ${name}`);
  return arn;
}

const tagsPath = (arn: string): string => `/2017-03-31/tags/${encodeURIComponent(arn)}`;

export interface EgressCommandOptions extends ApiClientFlags {
  readonly write?: (text: string) => void;
}

export async function egressSet(fn: string, patterns: readonly string[], o: EgressCommandOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const value = patterns.join(' ').trim();
  parseEgressPolicy(value);
  if (value.length > MAX_TAG_VALUE) {
    throw new ConfigError(`the policy is ${value.length} characters; a tag value holds at most ${MAX_TAG_VALUE} (use wildcards)`);
  }
  if (value === '') return egressClear(fn, o, env);
  const s = await resolveApiClient(o, env);
  await callLambda(s, 'POST', tagsPath(await functionArn(s, fn)), { body: { Tags: { [EGRESS_TAG]: value } } });
  (o.write ?? print)(`${value}\n`);
  return 0;
}

export async function egressGet(fn: string, o: EgressCommandOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const s = await resolveApiClient(o, env);
  const out = (await callLambda(s, 'GET', tagsPath(await functionArn(s, fn)))) as { Tags?: Record<string, string> };
  const value = out.Tags?.[EGRESS_TAG];
  (o.write ?? print)(value === undefined || value === '' ? '(no egress policy: no network)\n' : `${value}\n`);
  return 0;
}

export async function egressClear(fn: string, o: EgressCommandOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const s = await resolveApiClient(o, env);
  await callLambda(s, 'DELETE', tagsPath(await functionArn(s, fn)), { query: `tagKeys=${encodeURIComponent(EGRESS_TAG)}` });
  (o.write ?? print)('(no egress policy: no network)\n');
  return 0;
}

function print(text: string): void {
  process.stdout.write(text);
}
