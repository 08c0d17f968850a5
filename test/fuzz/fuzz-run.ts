/**
 * The fuzz loop: case i aims at target i mod n (so every served operation is covered), builds a
 * valid-looking request from the model with a PRNG seeded from (seed, i), mutates one thing, sends it
 * signed, and checks: an answer at all (no crash or dropped connection), no 5xx, a 4xx shaped as an AWS
 * error of the protocol, and for every rejected request the store exactly as it was before.
 */
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../helpers/lambdabox-fixture.js';
import { Prng } from './prng.js';
import { RawClient } from './raw-client.js';
import type { RawResponse } from './raw-client.js';
import { StoreSnapshot } from './store-snapshot.js';
import { ShapeValues } from './shape-values.js';
import type { KnownValues, Value } from './shape-values.js';
import { TREE_MUTATIONS, WIRE_MUTATIONS, mutateTree, mutateWire } from './mutations.js';
import type { MutationName } from './mutations.js';
import { jsonRequest, queryRequest, restJsonRequest, wellFormed } from './wire-request.js';
import type { WireRequest } from './wire-request.js';
import { errorShapeProblem } from './error-shape.js';
import { fuzzTargets } from './fuzz-targets.js';
import type { FuzzTarget } from './fuzz-targets.js';
import { FuzzSeed } from './fuzz-seed.js';
import { HOSTILE_VALUES } from './hostile-values.js';

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Index of the first case (to replay a finding: `--from <case> --cases 1`). @default 0 */
  readonly from?: number;
  /** Progress lines (a long run); silent when absent. */
  readonly progress?: (line: string) => void;
}

export interface FuzzFinding {
  readonly kind: '5xx' | 'crash' | 'shape' | 'state';
  readonly caseIndex: number;
  readonly target: string;
  readonly mutation: string;
  readonly status: number;
  readonly detail: string;
}

export interface FuzzReport {
  /** Served operations (per protocol) the run aimed at. */
  readonly served: number;
  /** Of those, how many got at least one case. */
  readonly operations: number;
  readonly cases: number;
  readonly seed: number;
  readonly succeeded: number;
  readonly rejected: number;
  readonly fiveXx: number;
  readonly crashes: number;
  readonly shapeProblems: number;
  readonly stateChanges: number;
  /** Valid invokes a control-plane-only server (sandbox: false) answers with its ServiceException: configuration, not input. */
  readonly noDataPlane: number;
  /** Requests sent again because a keep-alive socket the server had closed was reused (client-side race). */
  readonly staleSocketRetries: number;
  readonly findings: readonly FuzzFinding[];
  readonly notServed: Readonly<Record<string, readonly string[]>>;
  readonly byMutation: Readonly<Record<string, number>>;
  /** Error code → how many rejected requests got it (shows the cases reach validation, not only the door). */
  readonly errorCodes: Readonly<Record<string, number>>;
}

function errorCode(res: RawResponse): string {
  const header = res.headers['x-amzn-errortype'];
  if (typeof header === 'string') return header;
  const text = res.body.toString('utf8');
  const xml = /<Code>([^<]*)<\/Code>/.exec(text);
  if (xml !== null) return xml[1] ?? '';
  const json = /"__type":"([^"]*)"/.exec(text);
  return json?.[1] ?? `HTTP ${res.status}`;
}

function caseSeed(seed: number, i: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
}

function build(target: FuzzTarget, input: Record<string, Value>, rng: Prng): WireRequest {
  if (target.protocol === 'rest-json') return restJsonRequest(target.model, target.op, input);
  if (target.protocol === 'json') return jsonRequest(target.model.metadata.targetPrefix ?? 'AmazonSQS', target.op, input);
  const queueUrl = input['QueueUrl'];
  if (target.service === 'sqs' && typeof queueUrl === 'string' && queueUrl.length < 2000 && rng.chance(0.3)) {
    // Query clients may post to the queue's URL instead of naming it.
    const { QueueUrl: _url, ...rest } = input;
    const req = queryRequest(target.model, target.op, rest);
    req.path = URL.canParse(queueUrl) ? new URL(queueUrl).pathname : `/${encodeURIComponent(wellFormed(queueUrl))}`;
    return req;
  }
  return queryRequest(target.model, target.op, input);
}

/** One case's request: the target's valid-looking input with one mutation applied. */
export function fuzzCase(target: FuzzTarget, known: KnownValues, seed: number, i: number): { req: WireRequest; mutation: string } {
  const rng = new Prng(caseSeed(seed, i));
  const values = new ShapeValues(target.model, rng, known);
  const inputShape = target.op.input?.shape;
  const input = inputShape === undefined ? {} : values.structure(values.shape(inputShape), 0);
  const wire = rng.chance(0.4);
  let name: MutationName = 'valid';
  let label: string | undefined;
  if (!wire) {
    name = rng.pick(TREE_MUTATIONS);
    label = mutateTree(name, target.model, inputShape, input, rng, HOSTILE_VALUES);
    if (label === undefined) {
      name = 'wrong-type';
      label = mutateTree(name, target.model, inputShape, input, rng, HOSTILE_VALUES) ?? mutateTree((name = 'extra-member'), target.model, inputShape, input, rng, HOSTILE_VALUES);
    }
  }
  const req = build(target, input, rng);
  if (wire) {
    name = rng.pick(WIRE_MUTATIONS);
    label = mutateWire(name, target.protocol, req, rng);
  }
  return { req, mutation: `${name}: ${label ?? ''}` };
}

/** A fresh account through the admin API; its root key is the cross-account caller. */
async function otherAccount(admin: RawClient): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const res = await admin.send('lambdabox', { method: 'POST', path: '/v1/accounts', query: '', headers: [], body: Buffer.alloc(0) });
  const body = JSON.parse(res.body.toString('utf8')) as { AccessKeyId?: string; SecretAccessKey?: string };
  if (res.status !== 201 || body.AccessKeyId === undefined || body.SecretAccessKey === undefined) throw new Error(`CreateAccount answered ${res.status}`);
  return { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey };
}

const NO_DATA_PLANE = 'This lambdabox server does not run functions.';

/** The one 5xx a control-plane-only server gives by design: a valid Invoke it cannot run. */
function isNoDataPlaneAnswer(target: FuzzTarget, res: RawResponse): boolean {
  if (target.label !== 'lambda:Invoke' && target.label !== 'lambda:InvokeAsync') return false;
  try {
    const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
    return res.status === 500 && body['__type'] === 'ServiceException' && body['Message'] === NO_DATA_PLANE;
  } catch {
    return false;
  }
}

/** The protocol the server answers in: SQS picks by the target header of the request. */
function answerProtocol(target: FuzzTarget, req: WireRequest): FuzzTarget['protocol'] {
  if (target.service !== 'sqs') return target.protocol;
  return req.headers.some(([k]) => k.toLowerCase() === 'x-amz-target') ? 'json' : 'query';
}

export async function runFuzz(fx: LambdaboxFixture, options: FuzzOptions): Promise<FuzzReport> {
  const seed = new FuzzSeed(fx);
  await seed.ensure();
  const known = seed.known();
  const admin = new RawClient({ url: fx.url, region: TEST_REGION, ...fx.credentials });
  const user = new RawClient({ url: fx.url, region: TEST_REGION, ...(await seed.caller()) });
  const other = new RawClient({ url: fx.url, region: TEST_REGION, ...(await otherAccount(admin)) });
  const snapshot = await StoreSnapshot.open(fx.store, fx.dataDir);
  const findings: FuzzFinding[] = [];
  const byMutation: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  let succeeded = 0;
  let rejected = 0;
  let noDataPlane = 0;
  const controlPlaneOnly = fx.box.sandboxes === undefined;
  const counts = { '5xx': 0, crash: 0, shape: 0, state: 0 };
  try {
    const { targets, notServed } = await fuzzTargets(admin);
    const covered = new Set<string>();
    const from = options.from ?? 0;
    for (let i = from; i < from + options.cases; i++) {
      const target = targets[i % targets.length] as FuzzTarget;
      // Passes over the targets alternate callers: the admin (most validation), an IAM user of the same account
      // (identity policies evaluated) and another account's root (cross-account authorization and its refusals).
      const pass = Math.floor(i / targets.length) % 4;
      const client = pass === 2 ? user : pass === 3 ? other : admin;
      const { req, mutation } = fuzzCase(target, known, options.seed, i);
      const kind = mutation.slice(0, mutation.indexOf(':'));
      byMutation[kind] = (byMutation[kind] ?? 0) + 1;
      covered.add(target.label);
      const found = (k: FuzzFinding['kind'], status: number, detail: string) => {
        counts[k]++;
        findings.push({ kind: k, caseIndex: i, target: target.label, mutation, status, detail });
      };
      const before = await snapshot.rows();
      let res: RawResponse;
      try {
        res = await client.send(target.service, req);
      } catch (err) {
        found('crash', 0, err instanceof Error ? err.message : String(err));
        const health = await fetch(`${fx.url}/_lambdabox/health`).catch(() => undefined);
        if (health?.status !== 200) throw new Error(`the server stopped answering after case ${i} (${target.label} ${mutation})`);
        continue;
      }
      if (res.status >= 500 && controlPlaneOnly && isNoDataPlaneAnswer(target, res)) {
        noDataPlane++;
      } else if (res.status >= 500) {
        found('5xx', res.status, res.body.toString('utf8').slice(0, 300));
      } else if (res.status >= 400) {
        rejected++;
        const code = errorCode(res);
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        const problem = errorShapeProblem(answerProtocol(target, req), res);
        if (problem !== undefined) found('shape', res.status, `${problem}: ${res.body.toString('utf8').slice(0, 200)}`);
        const after = await snapshot.rows();
        const diff = StoreSnapshot.diff(before, after);
        if (diff !== '') found('state', res.status, diff.slice(0, 600));
      } else if (res.status >= 200 && res.status < 300) {
        succeeded++;
        await fx.settled();
        // A case that deleted a seed resource: bring it back, so later cases still reach live resources.
        if (/^(Delete|Remove|Purge|Detach|Untag)/.test(target.op.name)) await seed.ensure();
      } else {
        found('shape', res.status, `unexpected status: ${res.body.toString('utf8').slice(0, 200)}`);
      }
      if (options.progress !== undefined && (i + 1 - from) % 1000 === 0) {
        options.progress(`fuzz: ${i + 1 - from}/${options.cases} cases, 5xx ${counts['5xx']}, crashes ${counts.crash}, shape ${counts.shape}, state ${counts.state}`);
      }
    }
    return {
      served: targets.length,
      operations: covered.size,
      cases: options.cases,
      seed: options.seed,
      succeeded,
      rejected,
      fiveXx: counts['5xx'],
      crashes: counts.crash,
      shapeProblems: counts.shape,
      stateChanges: counts.state,
      noDataPlane,
      staleSocketRetries: admin.retries + user.retries + other.retries,
      findings,
      notServed,
      byMutation,
      errorCodes,
    };
  } finally {
    admin.close();
    user.close();
    other.close();
    await snapshot.close();
    seed.close();
  }
}

/** The counts line the acceptance criteria ask for, plus what was not served. */
export function formatReport(r: FuzzReport): string {
  const lines = [
    `fuzz: operations covered ${r.operations} / cases ${r.cases} / 5xx ${r.fiveXx} / state changes on rejected requests ${r.stateChanges}` +
      ` (seed ${r.seed}; ${r.succeeded} succeeded, ${r.rejected} rejected; crashes ${r.crashes}; non-AWS-shaped errors ${r.shapeProblems};` +
      ` ${r.noDataPlane} valid invokes answered "does not run functions" by this control-plane-only server;` +
      ` ${r.staleSocketRetries} resent after a stale keep-alive socket)`,
    `fuzz: mutations ${Object.entries(r.byMutation).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`,
  ];
  const codes = Object.entries(r.errorCodes).sort((a, b) => b[1] - a[1]);
  lines.push(`fuzz: ${codes.length} error codes: ${codes.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const [service, ops] of Object.entries(r.notServed)) {
    if (ops.length > 0) lines.push(`fuzz: ${service} model operations not served (${ops.length}): ${ops.join(' ')}`);
  }
  for (const f of r.findings.slice(0, 40)) {
    lines.push(`fuzz: FINDING ${f.kind} case ${f.caseIndex} ${f.target} [${f.mutation}] status ${f.status}: ${f.detail.replace(/\s+/g, ' ').slice(0, 400)}`);
  }
  return lines.join('\n');
}
