/**
 * The data plane: one Invoke, from resolved version to response. Resolve → admit (concurrency) →
 * acquire an environment (warm or cold) → run → log (START/END/REPORT) → answer with Lambda's
 * status, headers and error bodies. The response's request id is the invocation's request id.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ControlDeps } from '../control/control-deps.js';
import type { ValidationContext } from '../control/validation/context.js';
import type { FunctionRef } from '../control/validation/function-ref.js';
import { openEnvironment } from '../control/functions/environment-sealing.js';
import { ResourceConflictError, TooManyRequestsError } from '../shared/errors/lambda-errors.js';
import type { SandboxManager } from '../sandbox/sandbox-manager.js';
import type { CodeCache } from '../sandbox/code-cache.js';
import type { EnvironmentInvocation, EnvironmentSpec, VersionKey } from '../sandbox/environment-types.js';
import { ConcurrencyTracker } from './concurrency.js';
import type { ConcurrencyAdmission } from './concurrency.js';
import type { InvokePlacement } from './placement.js';
import { warmKeyString } from '../sandbox/environment-types.js';
import { resolveInvokeTarget } from './invoke-target.js';
import type { InvokeTarget } from './invoke-target.js';
import { SandboxBackendUnavailableError } from '../sandbox/launch/sandbox-backend.js';
import { backendForTags, SANDBOX_TAG } from '../shared/platform-tags/sandbox-tag.js';
import type { SandboxBackendName } from '../shared/platform-tags/sandbox-tag.js';
import type { InvokeRequest, InvokeResult, RuntimeResolver } from './invoke-types.js';
import { ExecutionRoleNotAssumableError } from '../iam/sessions/execution-role-credentials.js';
import type { ExecutionRoleCredentials } from '../iam/sessions/execution-role-credentials.js';
import { AccessDeniedError, ServiceError } from '../shared/errors/aws-error.js';
import { lambdaEnvironment, logStreamName } from './lambda-environment.js';
import { eventTraceHeader, planTrace } from './telemetry/invocation-trace.js';
import { logTail } from './invocation-log.js';
import { invocationLogLines } from './telemetry/invocation-log-lines.js';
import type { InvocationTelemetry } from './telemetry/invocation-telemetry.js';
import type { MetricFunction } from './telemetry/lambda-metrics.js';
import { exitErrorBody, outOfMemoryBody, responseTooLargeBody, timedOutBody } from './platform-errors.js';
import { unqualified } from '../shared/arn/function-arn.js';

export interface InvokeServiceOptions {
  readonly control: ControlDeps;
  readonly sandboxes: SandboxManager;
  readonly codeCache: CodeCache;
  readonly runtimes: RuntimeResolver;
  /** Where an invocation's logs and metrics go. */
  readonly telemetry: InvocationTelemetry;
  readonly region: string;
  readonly logger: Logger;
  /** Counts executions against reserved and account concurrency. @default this process's own count */
  readonly concurrency?: ConcurrencyAdmission;
  /** Other nodes an invoke may run on (several nodes sharing the store); without it every invoke runs here. */
  readonly placement?: InvokePlacement;
  /** The sandbox backend of functions without a `lambdabox:sandbox` tag. @default 'bwrap' */
  readonly defaultSandbox?: SandboxBackendName;
  /** Issues each new environment its function's execution-role credentials. */
  readonly credentials?: ExecutionRoleCredentials;
  /** The durable queue `Event` invokes go to; without it they are refused. */
  readonly events?: EventEnqueuer;
}

/** Where `Event` invokes are committed (src/invoke/async/event-queue.ts). */
export interface EventEnqueuer {
  /** `traceHeader`: the X-Amzn-Trace-Id every attempt of the event runs with. */
  enqueue(ctx: ValidationContext, ref: FunctionRef, requestId: string, payload: Uint8Array, traceHeader?: string): Promise<void>;
}

export class InvokeService {
  readonly #o: InvokeServiceOptions;
  readonly #concurrency: ConcurrencyAdmission;
  #inFlight = 0;

  constructor(options: InvokeServiceOptions) {
    this.#o = options;
    this.#concurrency = options.concurrency ?? new ConcurrencyTracker();
  }

  /** Executions running on this node now (forwards to other nodes not included). */
  get inFlight(): number {
    return this.#inFlight;
  }

  async invoke(ctx: ValidationContext, ref: FunctionRef, request: InvokeRequest): Promise<InvokeResult> {
    if (request.invocationType === 'Event') {
      if (this.#o.events === undefined) throw new ServiceError('This lambdabox server does not queue Event invocations.');
      // The queue runs Invoke's checks in the transaction that stores the event; 202 once committed.
      await this.#o.events.enqueue(ctx, ref, request.requestId, request.payload, eventTraceHeader(request.traceHeader, new Date()));
      return { status: 202 };
    }
    return this.#execute(ctx, ref, request, true);
  }

  /** Runs a queued event now (the async pollers hold its lease here, so it runs here): the synchronous path. */
  deliver(ctx: ValidationContext, ref: FunctionRef, request: Omit<InvokeRequest, 'invocationType' | 'tailLogs'>): Promise<InvokeResult> {
    return this.#execute(ctx, ref, { ...request, invocationType: 'RequestResponse', tailLogs: false }, false);
  }

  /** Runs an invoke another node placed here: never placed again, so an invoke makes one hop at most. */
  executeHere(ctx: ValidationContext, ref: FunctionRef, request: InvokeRequest): Promise<InvokeResult> {
    return this.#execute(ctx, ref, request, false);
  }

  async #execute(ctx: ValidationContext, ref: FunctionRef, request: InvokeRequest, place: boolean): Promise<InvokeResult> {
    const receivedAt = Date.now();
    const target = await this.#o.control.store.transact((tx) => resolveInvokeTarget(tx, ctx, ref));
    const config = target.version.config;
    if (config.State === 'Pending') {
      throw new ResourceConflictError(
        `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
      );
    }
    if (config.State === 'Failed') {
      throw new ServiceError(`The function ${config.FunctionArn} could not be prepared: ${config.StateReason ?? 'unknown reason'}`);
    }
    if (request.invocationType === 'DryRun') return { status: 204 };

    const key: VersionKey = {
      accountId: ctx.accountId,
      functionName: target.version.functionName,
      version: target.version.version,
      revisionId: config.RevisionId,
      sandbox: backendForTags(target.tags, this.#o.defaultSandbox ?? 'bwrap'),
    };
    // Only an invoke that would start cold here looks elsewhere: a warm environment here is the best place.
    if (place && this.#o.placement !== undefined && !this.#o.sandboxes.hasIdle(key)) {
      const there = this.#o.placement.elsewhere({
        warmKey: warmKeyString(key),
        localInFlight: this.#inFlight,
        ctx,
        ref,
        request,
        timeoutMs: config.Timeout * 1000,
      });
      const result = there === undefined ? undefined : await there;
      if (result !== undefined) return result;
    }

    const fn: MetricFunction = { accountId: ctx.accountId, functionName: target.version.functionName, qualifier: ref.qualifier ?? null };
    const metrics = this.#o.telemetry.metrics;
    const release = await Promise.resolve()
      .then(() =>
        this.#concurrency.admit({
          accountId: ctx.accountId,
          functionName: target.version.functionName,
          reserved: target.reserved,
          totalReserved: target.totalReserved,
        }),
      )
      .catch((err: unknown) => {
        if (err instanceof TooManyRequestsError) metrics?.throttle(fn);
        throw err;
      });
    const reserved = target.reserved !== null;
    this.#inFlight += 1;
    metrics?.started(fn, reserved);
    try {
      return await this.#run(ctx, target, key, request, fn, receivedAt);
    } finally {
      this.#inFlight -= 1;
      metrics?.finished(fn, reserved);
      await release();
    }
  }

  async #run(
    ctx: ValidationContext,
    target: InvokeTarget,
    key: VersionKey,
    request: InvokeRequest,
    fn: MetricFunction,
    receivedAt: number,
  ): Promise<InvokeResult> {
    const version = target.version;
    const config = version.config;
    const trace = planTrace(config.TracingConfig.Mode, request.traceHeader, new Date(receivedAt));
    const { env, cold } = await this.#o.sandboxes.acquire(key, () => this.#spec(key, target)).catch((err: unknown) => {
      // A tag this host cannot honour: said plainly rather than as an anonymous internal error.
      if (err instanceof SandboxBackendUnavailableError) throw new ServiceError(`The function's ${SANDBOX_TAG} tag cannot be honoured: ${err.message}.`);
      if (err instanceof ExecutionRoleNotAssumableError) {
        // The operator learns which role and why; the caller gets Lambda's own words, which name neither
        // (AccessDeniedException, as Lambda answers an Invoke whose new environment cannot assume the role).
        this.#o.logger.warn(
          { accountId: ctx.accountId, functionName: version.functionName, version: version.version, roleArn: err.roleArn, reason: err.reason },
          `invoke refused: Lambda cannot assume the execution role ${err.roleArn} (${err.reason})`,
        );
        throw new AccessDeniedError('The role defined for the function cannot be assumed by Lambda.');
      }
      throw err;
    });
    let result: EnvironmentInvocation;
    try {
      result = await env.invoke({
        requestId: request.requestId,
        payload: request.payload,
        invokedFunctionArn: request.invokedFunctionArn,
        traceId: trace.functionHeader,
        ...(request.clientContext === undefined ? {} : { clientContext: request.clientContext }),
      });
    } finally {
      this.#o.sandboxes.release(env);
    }

    const answer = this.#answer(request.requestId, config.Timeout, result);
    const outcome = result.outcome.kind;
    const lines = invocationLogLines({
      logging: config.LoggingConfig,
      functionName: version.functionName,
      version: version.version,
      requestId: request.requestId,
      ...(cold
        ? {
            init: {
              runtimeVersion: await this.#runtimeVersion(config.Runtime),
              runtimeVersionArn: config.RuntimeVersionConfig?.RuntimeVersionArn ?? '',
              lines: result.initLogLines,
            },
          }
        : {}),
      lines: result.logLines,
      ...(outcome === 'timeout' ? { timedOutAfterSeconds: config.Timeout } : {}),
      status: outcome === 'response' ? 'success' : outcome === 'timeout' ? 'timeout' : outcome === 'error' ? 'error' : 'failure',
      report: {
        requestId: request.requestId,
        version: version.version,
        durationMs: result.durationMs,
        memorySizeMiB: config.MemorySize,
        maxMemoryUsedMiB: result.maxMemoryUsedMiB,
        initDurationMs: cold ? result.initDurationMs : undefined,
      },
      now: new Date(),
    });
    const executed = { ...fn, executedVersion: version.version };
    const invocationEnd = Date.now();
    const invocationStart = invocationEnd - result.durationMs;
    this.#o.telemetry.traces(
      ctx.accountId,
      trace.documents(
        { arn: config.FunctionArn, name: version.functionName, accountId: ctx.accountId, region: this.#o.region, version: version.version },
        request.requestId,
        {
          requestStart: Math.min(receivedAt, invocationStart),
          ...(cold && result.initDurationMs !== undefined ? { init: { start: invocationStart - result.initDurationMs, end: invocationStart } } : {}),
          invocationStart,
          invocationEnd,
        },
        { error: answer.functionError !== undefined && outcome === 'error', fault: outcome !== 'response' && outcome !== 'error' },
      ),
    );
    this.#o.telemetry.metrics?.invocation({ ...executed, durationMs: result.durationMs, error: answer.functionError !== undefined });
    this.#o.telemetry.logs({
      fn: executed,
      roleArn: config.Role,
      functionArn: unqualified(config.FunctionArn),
      group: config.LoggingConfig.LogGroup,
      stream: env.spec.logStreamName,
      lines,
    });
    // Which node ran what, for operators following an invocation across a cluster.
    this.#o.logger.debug({ requestId: request.requestId, functionName: version.functionName, version: version.version, cold }, 'invocation ran here');
    return {
      ...answer,
      executedVersion: version.version,
      ...(request.tailLogs ? { logResult: logTail(lines) } : {}),
    };
  }

  #answer(requestId: string, timeoutSeconds: number, result: EnvironmentInvocation): InvokeResult {
    const o = result.outcome;
    const unhandled = (body: Buffer | string): InvokeResult => ({
      status: 200,
      body: typeof body === 'string' ? Buffer.from(body) : body,
      contentType: 'application/json',
      functionError: 'Unhandled',
    });
    switch (o.kind) {
      case 'response':
        return { status: 200, body: o.body, contentType: o.contentType ?? 'application/json' };
      case 'error':
      case 'init-error':
        return unhandled(o.body);
      case 'response-too-large':
        return unhandled(responseTooLargeBody());
      case 'timeout':
        return unhandled(timedOutBody(requestId, timeoutSeconds));
      case 'exit':
        return unhandled(o.oomKilled ? outOfMemoryBody(requestId) : exitErrorBody(requestId, o.code, o.signal));
    }
  }

  async #spec(key: VersionKey, target: InvokeTarget): Promise<EnvironmentSpec> {
    const version = target.version;
    const config = version.config;
    // First: an environment whose role Lambda cannot assume is never prepared.
    const credentials = await this.#o.credentials?.issue({
      accountId: version.accountId,
      functionName: version.functionName,
      functionArn: unqualified(config.FunctionArn),
      roleArn: config.Role,
    });
    const runtime = await this.#o.runtimes(config.Runtime ?? '');
    const codeDir = await this.#o.codeCache.code(version.codeSha256Hex);
    const layersDir = target.layerShas.length > 0 ? await this.#o.codeCache.layers(target.layerShas) : undefined;
    const stream = logStreamName(version.version, new Date(), randomBytes(16).toString('hex'));
    const functionEnv = openEnvironment(this.#o.control.keys, version.accountId, version.functionName, version.version, version.envSealed);
    return {
      key,
      memoryMiB: config.MemorySize,
      tmpSizeMiB: config.EphemeralStorage.Size,
      timeoutMs: config.Timeout * 1000,
      mounts: [
        { kind: 'ro-bind', source: codeDir, dest: '/var/task' },
        ...(layersDir === undefined ? [] : [{ kind: 'ro-bind' as const, source: layersDir, dest: '/opt' }]),
        ...runtime.mounts,
      ],
      command: runtime.command,
      env: lambdaEnvironment({
        config,
        region: this.#o.region,
        logStreamName: stream,
        runtimeEnv: runtime.env,
        functionEnv,
        ...(credentials === undefined ? {} : { credentials }),
      }),
      logStreamName: stream,
    };
  }

  async #runtimeVersion(runtime: string | undefined): Promise<string> {
    if (runtime === undefined) return 'unknown';
    return (await this.#o.runtimes(runtime)).runtimeVersion;
  }
}
