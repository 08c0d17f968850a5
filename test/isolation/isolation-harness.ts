/**
 * Shared machinery of the hostile-function suite: one lambdabox per (test file, backend), a probe
 * function whose attack is chosen by the event, a neighbour that holds a secret in its /tmp and in
 * memory, and `hostileTest`, which runs one attack and then checks that the platform still serves
 * and the neighbour is untouched, recording attack → expected → actual for SECURITY.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient, Runtime } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxOptions } from '../../src/lambdabox.js';
import { repoRoot } from '../helpers/repo-root.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';
import { FAST_MEMORY, invoke } from '../invoke/invoke-harness.js';
import type { Invoked } from '../invoke/invoke-harness.js';
import type { SandboxBackend } from './sandbox-backends.js';
import { ResultsRecorder } from './results-recorder.js';

export const PROBES_DIR = join(repoRoot(), 'test', 'isolation', 'probes');

export function probeSource(file: string): string {
  return readFileSync(join(PROBES_DIR, file), 'utf8');
}

export interface FunctionOptions {
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly ephemeralStorage?: number;
  readonly variables?: Record<string, string>;
  /** Added to the backend's tags (e.g. an egress policy). */
  readonly tags?: Record<string, string>;
}

export interface NeighbourState {
  readonly memoryMarker: string;
  readonly fileMarker: string;
  readonly codeSha256: string;
  readonly envSecret: string;
  readonly credentials: Record<string, string>;
  readonly pid: number;
}

export const NEIGHBOUR = 'neighbour';
export const BENIGN = 'benign';
export const PROBE = 'probe';

/** Everything an attack could hope to find; no probe output may contain any of these. */
export interface Secrets {
  readonly [label: string]: string;
}

export class IsolationSuite {
  readonly fx: LambdaboxFixture;
  readonly lambda: LambdaClient;
  readonly backend: SandboxBackend;
  readonly recorder: ResultsRecorder;
  readonly neighbourSecret = `neighbour-env-secret-${randomUUID()}`;
  #neighbour: NeighbourState | undefined;

  private constructor(fx: LambdaboxFixture, backend: SandboxBackend, recorder: ResultsRecorder) {
    this.fx = fx;
    this.lambda = fx.lambda();
    this.backend = backend;
    this.recorder = recorder;
  }

  /** Starts lambdabox, deploys the neighbour, a benign function and the shared probe, and plants the neighbour's secrets. */
  static async start(backend: SandboxBackend, suiteName: string, overrides: Partial<LambdaboxOptions> = {}): Promise<IsolationSuite> {
    // Warm environments must outlive the whole file: the neighbour's memory marker proves it was never replaced.
    const fx = await startLambdabox({ overrides: { idleTimeoutMs: 30 * 60_000, maxLifetimeMs: 60 * 60_000, ...overrides } });
    const suite = new IsolationSuite(fx, backend, new ResultsRecorder(suiteName, backend.name));
    try {
      await suite.#prepare();
    } catch (error) {
      await fx.close();
      throw error;
    }
    return suite;
  }

  async #prepare(): Promise<void> {
    await this.deployPython(NEIGHBOUR, 'neighbour', { 'neighbour.py': probeSource('neighbour.py') }, { variables: { NEIGHBOUR_SECRET: this.neighbourSecret } });
    await this.deployPython(BENIGN, 'benign', { 'benign.py': 'def handler(event, context):\n    return {"ok": True, "event": event}\n' });
    await this.deployProbe(PROBE);
    const planted = await invoke(this.lambda, NEIGHBOUR, { payload: '{"op":"plant"}' });
    assert.equal(planted.functionError, undefined, planted.text);
    this.#neighbour = planted.json<NeighbourState>();
    assert.match(this.#neighbour.memoryMarker, /^mem-/);
    assert.match(this.#neighbour.fileMarker, /^tmp-/);
  }

  get neighbour(): NeighbourState {
    if (this.#neighbour === undefined) throw new Error('the neighbour was not planted');
    return this.#neighbour;
  }

  async close(): Promise<void> {
    await this.fx.close();
  }

  async #create(name: string, runtime: Runtime, handler: string, zip: Buffer, options: FunctionOptions): Promise<void> {
    await this.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: runtime,
        Handler: handler,
        Role: TEST_ROLE,
        Code: { ZipFile: zip },
        MemorySize: options.memorySize ?? FAST_MEMORY,
        Timeout: options.timeout ?? 15,
        ...(options.ephemeralStorage === undefined ? {} : { EphemeralStorage: { Size: options.ephemeralStorage } }),
        ...(options.variables === undefined ? {} : { Environment: { Variables: options.variables } }),
        ...(Object.keys({ ...this.backend.tags, ...options.tags }).length === 0 ? {} : { Tags: { ...this.backend.tags, ...options.tags } }),
      }),
    );
    await this.fx.settled();
  }

  /**
   * Python everywhere: its ctypes issues raw syscalls, and its runtime needs no build step, so the
   * suite also runs from source (tsx) as well as compiled.
   */
  deployPython(name: string, module: string, files: Readonly<Record<string, string>>, options: FunctionOptions = {}): Promise<void> {
    return this.#create(name, 'python3.11', `${module}.handler`, zipOf(files), options);
  }

  /** The probe library (probe.py); the event's `attack` picks the attack. */
  deployProbe(name: string, options: FunctionOptions = {}): Promise<void> {
    return this.deployPython(name, 'probe', { 'probe.py': probeSource('probe.py') }, options);
  }

  invoke(name: string, event: unknown): Promise<Invoked> {
    return invoke(this.lambda, name, { payload: JSON.stringify(event), tail: true });
  }

  /** Runs an attack that is expected to complete and report data; fails with the function's error otherwise. */
  async probe<T = Record<string, unknown>>(attack: string, event: Record<string, unknown> = {}, fn = PROBE): Promise<T> {
    const out = await this.invoke(fn, { attack, ...event });
    assert.equal(out.functionError, undefined, `probe ${attack} failed: ${out.text}`);
    return out.json<T>();
  }

  /** (b) A benign function answers as before. */
  async assertServing(): Promise<void> {
    const out = await this.invoke(BENIGN, { ping: 1 });
    assert.equal(out.status, 200);
    assert.equal(out.functionError, undefined, out.text);
    assert.deepEqual(out.json(), { ok: true, event: { ping: 1 } });
  }

  /** (c) The neighbour's environment is the same one (memory marker), its /tmp and code are unchanged. */
  async assertNeighbourIntact(): Promise<void> {
    const out = await this.invoke(NEIGHBOUR, { op: 'check' });
    assert.equal(out.functionError, undefined, out.text);
    const now = out.json<NeighbourState>();
    const before = this.neighbour;
    assert.equal(now.memoryMarker, before.memoryMarker, 'the neighbour lost its environment (memory marker changed)');
    assert.equal(now.fileMarker, before.fileMarker, 'the neighbour\'s /tmp changed');
    assert.equal(now.codeSha256, sha256(probeSource('neighbour.py')), 'the neighbour\'s code changed');
    assert.equal(now.envSecret, this.neighbourSecret);
    assert.equal(now.pid, before.pid);
    const config = await this.lambda.send(new GetFunctionCommand({ FunctionName: NEIGHBOUR }));
    assert.equal(config.Configuration?.CodeSha256, neighbourCodeSha);
  }

  /** What no sandbox may ever read: host secrets and everything private to the neighbour. */
  secrets(): Secrets {
    const n = this.neighbour;
    const found: Record<string, string> = {
      'admin secret access key': this.fx.credentials.secretAccessKey,
      'neighbour env secret': this.neighbourSecret,
      'neighbour /tmp marker': n.fileMarker,
      'neighbour memory marker': n.memoryMarker,
    };
    const keyFile = join(this.fx.dataDir, 'keys', 'master.key');
    if (existsSync(keyFile)) {
      const text = readFileSync(keyFile, 'utf8').trim();
      found['master key'] = text;
      const raw = readFileSync(keyFile);
      found['master key (hex)'] = raw.toString('hex');
    }
    for (const [name, value] of Object.entries(n.credentials)) if (value.length >= 8) found[`neighbour ${name}`] = value;
    return found;
  }

  /** Asserts that `text` (anything a probe reported) contains none of the secrets; returns how many were checked. */
  assertNoSecrets(text: string): number {
    const secrets = this.secrets();
    for (const [label, value] of Object.entries(secrets)) assert.equal(text.includes(value), false, `the sandbox could read the ${label}`);
    return Object.keys(secrets).length;
  }

  /** Host directories holding other functions' code (the run dir's code/<sha256>/). */
  codeDirs(): string[] {
    const dirs: string[] = [];
    for (const base of ['/run', '/dev/shm', '/tmp']) {
      const dir = join(base, 'lambdabox');
      if (!existsSync(dir)) continue;
      for (const instance of readdirSync(dir)) {
        const code = join(dir, instance, 'code');
        if (existsSync(code)) for (const sha of readdirSync(code)) dirs.push(join(code, sha));
      }
    }
    return dirs;
  }
}

const neighbourCodeSha = createHash('sha256').update(zipOf({ 'neighbour.py': probeSource('neighbour.py') })).digest('base64');

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface AttackRow {
  /** Stable id, e.g. `H07`. */
  readonly id: string;
  readonly attack: string;
  readonly expected: string;
}

/**
 * One hostile test: `body` performs the attack, asserts (a) that it failed as expected and returns
 * a one-line account of what actually happened; then (b) and (c) run. The row is recorded pass or fail.
 */
export function hostileTest(getSuite: () => IsolationSuite, row: AttackRow, body: (suite: IsolationSuite) => Promise<string>): void {
  test(`${row.id} ${row.attack}`, async () => {
    const suite = getSuite();
    let actual = '';
    try {
      actual = await body(suite);
      await suite.assertServing();
      await suite.assertNeighbourIntact();
      suite.recorder.record({ ...row, actual, verdict: 'pass' });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      suite.recorder.record({ ...row, actual: actual === '' ? message : `${actual} | ${message}`, verdict: 'fail' });
      throw error;
    }
  });
}

/** Compact `key=value` account of a flat record of outcomes. */
export function outcomes(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
