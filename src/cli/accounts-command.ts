/**
 * `lambdabox accounts create`: asks the running server to create an account, over the front door with
 * a SigV4-signed request (service `lambdabox`) made with the platform administrator's key.
 *
 * Why through the server and not straight into the data dir: the server seals the new root secret with
 * its master key (which may exist only in the server's environment, LAMBDABOX_MASTER_KEY), it is the
 * only writer of its store and key caches, the administrator check is the same IAM authorization every
 * call gets, and the decision is recorded. It also works against a server on another machine.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { signRequest } from '../iam/sigv4/sign.js';
import { ADMIN_SIGNING_NAME, CREATE_ACCOUNT_PATH } from '../api/admin/admin-api.js';
import { CREDENTIALS_PROFILE } from '../iam/admin-bootstrap.js';
import { ApiCallError } from './api-client.js';
import { NoCredentialsError } from './cli-errors.js';

export interface AccountsCreateOptions {
  readonly endpointUrl?: string | undefined;
  readonly region?: string | undefined;
  readonly dataDir?: string | undefined;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface CreatedAccountOutput {
  readonly AccountId: string;
  readonly Arn: string;
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
}

/** The admin key: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else `<data-dir>/admin-credentials`. */
async function adminCredentials(dataDir: string, env: NodeJS.ProcessEnv): Promise<Credentials> {
  const id = env['AWS_ACCESS_KEY_ID'];
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  if (id !== undefined && id !== '' && secret !== undefined && secret !== '') return { accessKeyId: id, secretAccessKey: secret };
  const file = join(dataDir, 'admin-credentials');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new NoCredentialsError(`no admin credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where ${file} is readable`);
  });
  const value = (key: string): string | undefined => new RegExp(`^${key}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  if (accessKeyId === undefined || secretAccessKey === undefined) throw new NoCredentialsError(`${file} holds no access key`);
  return { accessKeyId, secretAccessKey };
}

export async function requestAccount(endpointUrl: string, region: string, credentials: Credentials): Promise<CreatedAccountOutput> {
  const url = new URL(CREATE_ACCOUNT_PATH, endpointUrl);
  const body = Buffer.from('{}');
  const signed = signRequest({
    method: 'POST',
    path: url.pathname,
    headers: [
      ['host', url.host],
      ['content-type', 'application/json'],
    ],
    body,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    region,
    service: ADMIN_SIGNING_NAME,
    now: new Date(),
  });
  const response = await fetch(url, { method: 'POST', headers: Object.fromEntries(signed.headers.filter(([k]) => k !== 'host')), body });
  const text = await response.text();
  if (response.status !== 201) {
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: string; Message?: string };
      message = parsed.Message ?? parsed.message ?? text;
    } catch {
      // not JSON: print it as is
    }
    const code = response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`;
    throw new ApiCallError(response.status, code, `${code}: ${message}`);
  }
  return JSON.parse(text) as CreatedAccountOutput;
}

export function accountCreatedText(account: CreatedAccountOutput, endpointUrl: string, region: string): string {
  const profile = `${CREDENTIALS_PROFILE}-${account.AccountId}`;
  return [
    `Created account ${account.AccountId} (root user ${account.Arn}).`,
    'Its root secret access key is shown only this once: store it now. To use the account with the AWS CLI:',
    '',
    `  aws configure set aws_access_key_id ${account.AccessKeyId} --profile ${profile}`,
    `  aws configure set aws_secret_access_key ${account.SecretAccessKey} --profile ${profile}`,
    `  aws configure set region ${region} --profile ${profile}`,
    `  aws --profile ${profile} --endpoint-url ${endpointUrl} lambda list-functions`,
    '',
  ].join('\n');
}

export async function accountsCreate(options: AccountsCreateOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const dataDir = resolve(options.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const endpointUrl = options.endpointUrl ?? env['LAMBDABOX_ENDPOINT_URL'] ?? `http://127.0.0.1:${env['LAMBDABOX_PORT'] ?? '9700'}`;
  const region = options.region ?? env['LAMBDABOX_REGION'] ?? env['AWS_REGION'] ?? 'us-east-1';
  const account = await requestAccount(endpointUrl, region, await adminCredentials(dataDir, env));
  process.stdout.write(accountCreatedText(account, endpointUrl, region));
  return 0;
}
