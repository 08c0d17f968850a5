/**
 * What the fuzzer aims at: every model operation the server serves, in each protocol it speaks, taken
 * from our own dispatch tables (Lambda's route table, IAM's and SQS's action tables; STS, whose actions
 * are not exported, by asking the server). Model operations we do not serve are reported, not fuzzed.
 */
import type { Operation, ServiceModel } from './botocore-models.js';
import { loadModel } from './botocore-models.js';
import type { Protocol, WireRequest } from './wire-request.js';
import { queryRequest } from './wire-request.js';
import type { RawClient } from './raw-client.js';
import { LAMBDA_ROUTES } from '../../src/api/lambda/routes.js';
import { IAM_ACTIONS } from '../../src/services/iam/api/iam-api.js';
import { SQS_ACTIONS } from '../../src/services/sqs/api/sqs-actions.js';
import { LOGS_ACTIONS } from '../../src/services/logs/api/logs-actions.js';
import { MONITORING_ACTIONS } from '../../src/services/monitoring/api/monitoring-actions.js';
import { ADMIN_SIGNING_NAME, CREATE_ACCOUNT_PATH } from '../../src/api/admin/admin-api.js';

export interface FuzzTarget {
  /** SigV4 signing name. */
  readonly service: string;
  readonly protocol: Protocol;
  readonly model: ServiceModel;
  readonly op: Operation;
  /** e.g. `sqs(json):SendMessage`. */
  readonly label: string;
}

export interface TargetSet {
  readonly targets: readonly FuzzTarget[];
  /** service → model operations the server does not serve. */
  readonly notServed: Readonly<Record<string, readonly string[]>>;
}

/** lambdabox's own administrative API has no botocore model: its one operation, as a model would say it. */
const ADMIN_MODEL: ServiceModel = {
  metadata: { protocol: 'rest-json', apiVersion: 'v1', endpointPrefix: ADMIN_SIGNING_NAME },
  operations: { CreateAccount: { name: 'CreateAccount', http: { method: 'POST', requestUri: CREATE_ACCOUNT_PATH }, input: { shape: 'CreateAccountRequest' } } },
  shapes: { CreateAccountRequest: { type: 'structure', members: {} } },
};

async function stsServes(client: RawClient, model: ServiceModel, op: Operation): Promise<boolean> {
  const req: WireRequest = queryRequest(model, op, {});
  const res = await client.send('sts', req);
  return !/<Code>InvalidAction<\/Code>/.test(res.body.toString('utf8'));
}

export async function fuzzTargets(client: RawClient): Promise<TargetSet> {
  const notServed: Record<string, string[]> = {};
  const targets: FuzzTarget[] = [];
  const add = (service: string, protocol: Protocol, model: ServiceModel, served: (name: string) => boolean | Promise<boolean>) => async () => {
    const missing: string[] = [];
    for (const op of Object.values(model.operations)) {
      if (await served(op.name)) targets.push({ service, protocol, model, op, label: `${service}${service === 'sqs' ? `(${protocol})` : ''}:${op.name}` });
      else missing.push(op.name);
    }
    if (!(service in notServed)) notServed[service] = missing.sort();
  };
  const lambda = loadModel('lambda');
  const routes = new Set(LAMBDA_ROUTES.map((r) => r.name));
  await add('lambda', 'rest-json', lambda, (n) => routes.has(n))();
  const iam = loadModel('iam');
  await add('iam', 'query', iam, (n) => Object.hasOwn(IAM_ACTIONS, n))();
  const sts = loadModel('sts');
  await add('sts', 'query', sts, (n) => stsServes(client, sts, sts.operations[n] as Operation))();
  const sqs = loadModel('sqs');
  await add('sqs', 'query', sqs, (n) => Object.hasOwn(SQS_ACTIONS, n))();
  await add('sqs', 'json', sqs, (n) => Object.hasOwn(SQS_ACTIONS, n))();
  await add('logs', 'json', loadModel('logs'), (n) => Object.hasOwn(LOGS_ACTIONS, n))();
  const cloudwatch = loadModel('cloudwatch');
  await add('monitoring', 'query', cloudwatch, (n) => Object.hasOwn(MONITORING_ACTIONS, n))();
  await add(ADMIN_SIGNING_NAME, 'rest-json', ADMIN_MODEL, () => true)();
  return { targets, notServed };
}
