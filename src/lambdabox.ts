/**
 * The composition root: builds every component from explicit options and owns their lifecycle.
 * `start()` opens the store and keys, bootstraps the admin key, resumes unfinished work and starts
 * listening; `close()` drains in reverse order; `destroy()` drops everything at once.
 */
import { mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { KeyService, loadOrCreateMasterKey } from './shared/crypto/key-service.js';
import { ConfigApi } from './services/config/api/config-api.js';
import { ConfigRecorder } from './services/config/config-recorder.js';
import { ControlSnapshotter } from './api/config/control-snapshotter.js';
import { BlobStore } from './store/blob-store.js';
import { BlobCollector } from './store/blob-collector.js';
import { Deployer } from './control/functions/deployer.js';
import { CodeUrls } from './control/code-urls.js';
import { systemClock } from './shared/clock.js';
import type { ControlDeps } from './control/control-deps.js';
import { Authenticator } from './iam/authenticator.js';
import { bootstrapAdmin } from './iam/admin-bootstrap.js';
import type { AdminBootstrapResult } from './iam/admin-bootstrap.js';
import { FrontDoor } from './http/front-door.js';
import { addressUrl } from './http/address-url.js';
import { StoreResourceTags } from './iam/authz/resource-tags.js';
import { Authorizer } from './iam/authz/authorizer.js';
import { AdminApi } from './api/admin/admin-api.js';
import { TrailRecorder } from './services/cloudtrail/recorder/trail-recorder.js';
import type { DecisionSink } from './iam/authz/decision-sink.js';
import { readDecisions } from './services/cloudtrail/recorder/decision-stream.js';
import type { DecisionRecord } from './iam/authz/decision-record.js';
import { StorePolicySource } from './services/iam/operations/store-policy-source.js';
import { LambdaApi } from './api/lambda/lambda-api.js';
import { SqsApi } from './services/sqs/api/sqs-api.js';
import { SqsService } from './services/sqs/sqs-service.js';
import type { QueueDelivery } from './services/sqs/queue-delivery.js';
import { CloudTrailApi } from './services/cloudtrail/api/cloudtrail-api.js';
import type { LogsService } from './services/logs/logs-service.js';
import { CloudTrailService } from './services/cloudtrail/operations/cloudtrail-service.js';
import { TrailDelivery } from './services/cloudtrail/delivery/trail-delivery.js';
import { PlatformRoutes } from './api/platform-routes.js';
import type { XrayService } from './services/xray/xray-service.js';
import type { TraceIngest } from './services/xray/trace-ingest.js';
import type { MonitoringService } from './services/monitoring/monitoring-service.js';
import type { MetricsIngest } from './services/monitoring/metrics-ingest.js';
import { createHash } from 'node:crypto';
import { SandboxLauncher } from './sandbox/launch/sandbox-launcher.js';
import { SandboxBackendUnavailableError } from './sandbox/launch/sandbox-backend.js';
import type { SandboxBackendName } from './shared/platform-tags/sandbox-tag.js';
import { UidPool } from './sandbox/launch/uid-pool.js';
import { prepareRunDir, removeRunDir } from './sandbox/run-dir.js';
import { CodeCache } from './sandbox/code-cache.js';
import { DEFAULT_MAX_LIFETIME_MS, SandboxManager } from './sandbox/sandbox-manager.js';
import { RuntimeCache } from './runtimes/runtime-cache.js';
import { RuntimeCatalog } from './runtimes/catalog.js';
import { InvokeService } from './invoke/invoke-service.js';
import { ServiceInvoke } from './invoke/async/service-invoke.js';
import type { LogsIngest } from './services/logs/logs-ingest.js';
import { runtimeResolver } from './invoke/runtime-launches.js';
import { AsyncInvocation } from './invoke/async/async-invocation.js';
import { SandboxNetwork } from './sandbox/network/sandbox-network.js';
import { ThreatList } from './sandbox/network/threat-list.js';
import { PrivateAllowance } from './sandbox/network/private-allowance.js';
import { FindingsLog, findingsPath } from './observe/findings/findings-log.js';
import { LimitBreachReporter } from './sandbox/limit-breach.js';
import { listenerLimits } from './sandbox/listener-limits.js';
import { ExecutionRoleCredentials } from './iam/sessions/execution-role-credentials.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { checkMasterKey } from './cluster/master-key-check.js';
import { loadOrCreateNodeId } from './cluster/node-id.js';
import { createStsApi } from './services/sts/api/sts-api.js';
import { createIamApi } from './services/iam/api/iam-api.js';
import type { IamDeps } from './services/iam/operations/iam-deps.js';
import { InvalidStateError, NotStartedError } from './shared/errors/lambdabox-error.js';

export type { LambdaboxOptions } from './lambdabox-options.js';
import type { LambdaboxOptions } from './lambdabox-options.js';
import { openStore } from './lambdabox-store.js';
import { Observability } from './lambdabox-observability.js';
import type { LambdaboxStore } from './lambdabox-store.js';

export function defaultRuntimeCacheDir(): string {
  return process.getuid?.() === 0 ? '/var/cache/lambdabox/runtimes' : join(homedir(), '.cache', 'lambdabox', 'runtimes');
}

/** One instance name per data dir: a restart finds and cleans its own leftovers. */
export function instanceName(dataDir: string): string {
  return `lbx-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
}

export type LambdaboxState = 'new' | 'starting' | 'serving' | 'closing' | 'closed' | 'failed';

export class Lambdabox {
  readonly #options: LambdaboxOptions;
  #state: LambdaboxState = 'new';
  #store: LambdaboxStore | undefined;
  #configRecorder: ConfigRecorder | undefined;
  #deployer: Deployer | undefined;
  #collector: BlobCollector | undefined;
  #door: FrontDoor | undefined;
  #address: AddressInfo | undefined;
  #bootstrap: AdminBootstrapResult | undefined;
  #control: ControlDeps | undefined;
  #launcher: SandboxLauncher | undefined;
  #sandboxes: SandboxManager | undefined;
  #runDirInstance: string | undefined;
  #invoke: InvokeService | undefined;
  #async: AsyncInvocation | undefined;
  #recorder: TrailRecorder | undefined;
  #authorizer: Authorizer | undefined;
  #authenticator: Authenticator | undefined;
  #policySource: StorePolicySource | undefined;
  #sqs: SqsService | undefined;
  #cloudTrail: CloudTrailService | undefined;
  #trailDelivery: TrailDelivery | undefined;
  #cluster: ClusterNode | undefined;
  #observability: Observability | undefined;

  constructor(options: LambdaboxOptions) {
    this.#options = options;
  }

  get state(): LambdaboxState {
    return this.#state;
  }

  /** `http://host:port` once serving. */
  get url(): string {
    if (this.#address === undefined) throw new NotStartedError('lambdabox is not serving');
    return addressUrl(this.#address);
  }

  get bootstrap(): AdminBootstrapResult | undefined {
    return this.#bootstrap;
  }

  /** Turns signed requests into callers; tools and tests use it to drop cached keys and principals. */
  get authenticator(): Authenticator {
    return started(this.#authenticator);
  }

  /** The one authorizer every service evaluates requests with (IAM, STS, SQS, async use it too). */
  get authorizer(): Authorizer {
    return started(this.#authorizer);
  }

  /** The SQS-compatible queue service's in-process door (destinations and dead-letter queues send here). */
  get queues(): QueueDelivery {
    return started(this.#sqs).delivery;
  }

  /** The CloudWatch Logs service: its operations' dependencies, the retention sweep (`sweepExpired()`) and the ingest. */
  get logsService(): LogsService {
    return started(this.#observability).logs;
  }

  /** Where Lambda's platform writes function logs (group committed; the group and stream are created when missing). */
  get logsIngest(): LogsIngest {
    return started(this.#observability).logs.ingest;
  }

  /** The CloudWatch-compatible metrics and alarms service: evaluator (`evaluateNow()`), Prometheus registry. */
  get monitoring(): MonitoringService {
    return started(this.#observability).monitoring;
  }

  /** Publishes the queues' sampled AWS/SQS gauges now (the SQS sweep does it every minute). */
  sampleQueueMetrics(): Promise<void> {
    return started(this.#sqs).sampleMetrics();
  }

  /** The platform's metrics publisher (AWS/Lambda from the invoke path, AWS/SQS from the queues). */
  get metricsIngest(): MetricsIngest {
    return started(this.#observability).monitoring.ingest;
  }

  /** The CloudTrail service: its event store's tables, the trails delivery and the invoke path read. */
  get cloudTrail(): CloudTrailService {
    return started(this.#cloudTrail);
  }

  /** The X-Ray service: its ingest, retention sweeper and the operations' dependencies. */
  get xray(): XrayService {
    return started(this.#observability).xray;
  }

  /** Where Lambda's own segments and the sandbox daemon relay's documents go (group committed). */
  get traceIngest(): TraceIngest {
    return started(this.#observability).xray.ingest;
  }

  /** Trail log files and signed digests; `deliverNow()` / `digestNow()` for tools and tests. */
  get trailDelivery(): TrailDelivery {
    return started(this.#trailDelivery);
  }

  /** Users' and roles' policies as the authorizer sees them; call `invalidate()` after every IAM write. */
  get policySource(): StorePolicySource {
    return started(this.#policySource);
  }

  /** The audit trail's recorder: every call's event, durable before its response (undefined with `auditTrail: false`). */
  get trailRecorder(): TrailRecorder {
    return started(this.#recorder);
  }

  /**
   * Every authorization decision kept beside the audit events (the internal stream), oldest first; for
   * tools and tests. Waits for what was submitted to be durable first.
   */
  async auditDecisions(): Promise<DecisionRecord[]> {
    await this.#recorder?.flush();
    return readDecisions(started(this.#store));
  }

  /**
   * Appends configuration items (AWS Config's history) for a resource a successful call changed; the front
   * door's audit pipeline calls `record()` with the call's CloudTrail event id.
   */
  get configRecorder(): ConfigRecorder {
    return started(this.#configRecorder);
  }

  /** The control plane's dependencies, for in-process tools and tests that wait on settling. */
  get control(): ControlDeps {
    return started(this.#control);
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new InvalidStateError(`cannot start lambdabox in state ${this.#state}`);
    this.#state = 'starting';
    try {
      await this.#start();
      this.#state = 'serving';
    } catch (err) {
      this.#state = 'failed';
      this.destroy();
      throw err;
    }
  }

  async #start(): Promise<void> {
    const o = this.#options;
    const logger = o.logger;
    // A bad entry stops the start even without a data plane: a setting that is silently ignored is a trap.
    const allowance = PrivateAllowance.parse(o.egressAllowPrivate ?? []);
    mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(o.dataDir, 0o700);
    const keys = new KeyService(loadOrCreateMasterKey({ dataDir: o.dataDir, masterKeyText: o.masterKey }));
    const store = openStore(o.store ?? { kind: 'sqlite' }, o.dataDir);
    this.#store = store;
    await store.start();
    // Before anything is written with it: a node with another master key would write what no one else can read.
    await checkMasterKey(store.cluster, keys);
    if (o.store?.kind === 'postgres') {
      this.#cluster = new ClusterNode({
        cluster: store.cluster,
        keys,
        nodeId: loadOrCreateNodeId(o.dataDir),
        logger,
        ...(o.nodeLeaseMs === undefined ? {} : { leaseMs: o.nodeLeaseMs }),
        // A dead node may have been settling versions: finish them here.
        onPeerReaped: () => void this.#deployer?.resume().catch((err: unknown) => logger.warn({ err }, 'resuming settling failed')),
      });
    }
    const blobDir = o.blobDir ?? join(o.dataDir, 'blobs');
    const blobs = new BlobStore({ dir: blobDir, keys });
    await blobs.start();
    const clock = o.clock ?? systemClock;
    this.#bootstrap = await bootstrapAdmin({
      store,
      keys,
      dataDir: o.dataDir,
      writeCredentialsFile: o.writeCredentialsFile ?? true,
      suppliedAccessKeyId: o.adminAccessKeyId,
      suppliedSecretAccessKey: o.adminSecretAccessKey,
      now: clock.now(),
    });
    this.#collector = new BlobCollector({ store, blobs, logger, blobDir });
    await this.#collector.start();
    const deployer = new Deployer({ store, blobs, logger });
    this.#deployer = deployer;
    const codeUrls = new CodeUrls(keys, o.region);
    // The one audit sink: call events and the decisions taken for them. Only benchmarks turn it off.
    const recorder =
      o.auditTrail === false
        ? undefined
        : new TrailRecorder({
            store,
            region: o.region,
            logger,
            interest: { wantsInvokeEvents: (account, region, arn) => this.#cloudTrail?.wantsInvokeEvents(account, region, arn) ?? false },
            // Configuration history: the items of what a call changed, related to its event.
            config: { record: async (change) => void (await started(this.#configRecorder).record(change)) },
          });
    this.#recorder = recorder;
    const decisions: DecisionSink = recorder ?? { record: () => undefined };
    const policySource = new StorePolicySource({ store });
    this.#policySource = policySource;
    const authorizer = new Authorizer({ policies: policySource, decisions, logger, resourceTags: new StoreResourceTags({ store }) });
    this.#authorizer = authorizer;
    const control: ControlDeps = {
      store,
      blobs,
      keys,
      clock,
      codeUrls,
      deployer,
      logger,
      retire: (accountId, functionName, version) => this.#sandboxes?.retire(accountId, functionName, version),
      defaultSandbox: o.sandboxBackend ?? 'bwrap',
      authorize: authorizer,
    };
    this.#control = control;
    this.#configRecorder = new ConfigRecorder({ store, snapshotter: new ControlSnapshotter(keys) });
    const sqs = new SqsService({
      store,
      keys,
      clock,
      region: o.region,
      authorize: authorizer,
      logger,
      // The queues publish AWS/SQS through the monitoring service's ingest, built next (SQS may not import it).
      metrics: { put: (accountId, namespace, data) => this.#observability?.monitoring.ingest.put(accountId, namespace, data) },
    });
    this.#sqs = sqs;
    this.#observability = new Observability({ options: o, store, keys, clock, authorizer, logger, queues: sqs.delivery });
    // Delivery reads the trails and events the CloudTrail service keeps; the service tells delivery of
    // StartLogging/StopLogging and asks it for status and keys: each is handed the other lazily.
    const trailDelivery = new TrailDelivery({
      store,
      keys,
      clock,
      logger,
      dataDir: o.dataDir,
      ...(o.trailDir === undefined ? {} : { trailRoot: o.trailDir }),
      source: { eventsAfter: (after, limit) => started(this.#cloudTrail).eventsAfter(after, limit) },
      trails: { loggingTrails: () => started(this.#cloudTrail).loggingTrails() },
      ...(o.trailDeliveryIntervalMs === undefined ? {} : { deliveryIntervalMs: o.trailDeliveryIntervalMs }),
      ...(o.trailDigestIntervalMs === undefined ? {} : { digestIntervalMs: o.trailDigestIntervalMs }),
    });
    this.#trailDelivery = trailDelivery;
    this.#cloudTrail = new CloudTrailService({ store, clock, region: o.region, authorize: authorizer, logger, delivery: trailDelivery });
    trailDelivery.start();
    if (o.sandbox !== false) this.#invoke = await this.#startDataPlane(blobs, deployer, allowance);
    await deployer.start();
    const authenticator = new Authenticator({ store, keys, region: o.region, now: () => clock.now() });
    this.#authenticator = authenticator;
    // Another node's IAM write (a detached policy, a deactivated key) applies here at once, not on a TTL.
    store.watchChanges('iam', () => {
      policySource.invalidate();
      authenticator.invalidateAll();
    });
    const iamDeps: IamDeps = {
      store,
      keys,
      now: () => clock.now(),
      changed: () => policySource.invalidate(),
      accessKeyChanged: (accessKeyId) => authenticator.invalidate(accessKeyId),
      principalDeleted: (arn) => authenticator.invalidatePrincipal(arn),
    };
    this.#door = new FrontDoor({
      services: [
        createIamApi({ deps: iamDeps, region: o.region, authorize: authorizer }),
        new LambdaApi({ region: o.region, control, authorizer, ...(this.#invoke === undefined ? {} : { invoke: this.#invoke }) }),
        new SqsApi({ deps: sqs.deps }),
        new CloudTrailApi({ deps: this.#cloudTrail.deps }),
        ...this.#observability.apis(),
        new ConfigApi({ deps: { store, region: o.region, authorize: authorizer, startedAt: clock.now() } }),
        new AdminApi({ region: o.region, store, keys, authorizer, now: () => clock.now() }),
        createStsApi({ store, keys, region: o.region, authorizer, now: () => clock.now() }),
      ],
      authenticator,
      internal: new PlatformRoutes({
        codeUrls,
        blobs,
        now: () => clock.now(),
        metrics: this.#observability.monitoring,
        ...(this.#cluster === undefined || this.#invoke === undefined ? {} : { nodes: this.#cluster.routes(this.#invoke) }),
      }),
      logger,
      ...(o.unverifiedBodyBudget === undefined ? {} : { unverifiedBodyBudget: o.unverifiedBodyBudget }),
      ...(recorder === undefined ? {} : { audit: recorder }),
    });
    this.#observability.start();
    this.#address = await this.#door.listen(o.host, o.port);
    // Joining releases what this node held before a restart, so it comes before this node's pollers lease anything.
    await this.#cluster?.join(o.advertiseUrl ?? this.#address);
    // Deliveries of events queued before this start begin once the server serves.
    if (this.#invoke !== undefined) await this.#async?.start(this.#invoke);
  }

  async #startDataPlane(blobs: BlobStore, deployer: Deployer, allowance: PrivateAllowance): Promise<InvokeService> {
    const o = this.#options;
    const logger = o.logger;
    const instance = instanceName(o.dataDir);
    if (allowance.entries.length > 0) logger.info({ egressAllowPrivate: allowance.entries }, 'functions may reach these host-local/private destinations');
    const launcher = new SandboxLauncher({ instance, logger });
    await launcher.start();
    this.#launcher = launcher;
    if (o.sandboxBackend !== undefined && !launcher.supports(o.sandboxBackend)) {
      throw new SandboxBackendUnavailableError(o.sandboxBackend, 'runsc is not installed (apt-get install -y runsc)');
    }
    const runDir = await prepareRunDir({ instance });
    this.#runDirInstance = instance;
    const codeCache = new CodeCache({ runDir, blobs, logger });
    // Unpack code while the version settles, so its first invoke does not pay for it.
    deployer.addPreparation(async (version) => {
      await codeCache.code(version.codeSha256Hex);
    });
    const findings = new FindingsLog(findingsPath(o.dataDir));
    this.#sandboxes = new SandboxManager({
      launcher,
      uids: new UidPool(),
      runDir,
      logger,
      listenerLimits: listenerLimits(o.listenerLimits),
      breaches: new LimitBreachReporter({ region: o.region, logger, findings }),
      network: new SandboxNetwork({
        store: this.control.store,
        region: o.region,
        logger,
        threats: await ThreatList.load(o.threatListFile ?? join(o.dataDir, 'threat-list.txt')),
        findings,
        allowance,
        frontDoor: () => (this.#address === undefined ? undefined : { host: this.#address.address, port: this.#address.port }),
        // What functions send to their X-Ray daemon address, stored as the environment's account's segments.
        traceSink: (accountId, documents) => this.#observability?.xray.ingest.put(accountId, documents),
      }),
      ...(o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: o.idleTimeoutMs }),
      ...(o.maxLifetimeMs === undefined ? {} : { maxLifetimeMs: o.maxLifetimeMs }),
    });
    const catalog = new RuntimeCatalog({
      cache: new RuntimeCache({ cacheDir: o.runtimeCacheDir ?? defaultRuntimeCacheDir(), logger }),
    });
    const policies = started(this.#policySource);
    const telemetry = started(this.#observability).telemetry(() => policies.generation);
    this.#async = new AsyncInvocation({
      store: this.control.store,
      keys: this.control.keys,
      region: o.region,
      logger,
      // An event leaves the queue only once the logs of its runs are durable (after their permission check).
      logs: { append: (...args) => telemetry.appendLogs(...args), flush: () => telemetry.flushLogs() },
      ...(telemetry.metrics === undefined ? {} : { lambdaMetrics: telemetry.metrics }),
      ...(this.#authorizer === undefined ? {} : { authorize: this.#authorizer }),
      ...(this.#sqs === undefined ? {} : { queues: this.#sqs.delivery }),
      ...(o.asyncTiming === undefined ? {} : { timing: o.asyncTiming }),
      ...(o.asyncConcurrencyPerFunction === undefined ? {} : { perFunctionConcurrency: o.asyncConcurrencyPerFunction }),
      ...(this.#cluster === undefined ? {} : { nodeId: this.#cluster.nodeId }),
    });
    // Alarm actions invoke functions as the CloudWatch alarms principal, allowed by resource policies alone.
    started(this.#observability).invokesWith(
      new ServiceInvoke({ region: o.region, store: this.control.store, authorizer: started(this.#authorizer), queue: this.#async.queue }),
    );
    const sandboxes = this.#sandboxes;
    const node = this.#cluster;
    const invoke: InvokeService = new InvokeService({
      ...(node === undefined
        ? {}
        : {
            concurrency: node.admission,
            placement: node.placement({ inFlight: () => invoke.inFlight, warm: () => sandboxes.idleByKey() }),
          }),
      events: this.#async.queue,
      control: this.control,
      sandboxes: this.#sandboxes,
      codeCache,
      runtimes: runtimeResolver(catalog),
      telemetry,
      region: o.region,
      logger,
      ...(o.sandboxBackend === undefined ? {} : { defaultSandbox: o.sandboxBackend }),
      credentials: new ExecutionRoleCredentials({
        store: this.control.store,
        keys: this.control.keys,
        now: () => this.control.clock.now(),
        environmentLifetimeMs: o.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS,
      }),
    });
    return invoke;
  }

  /** This node when several share a PostgreSQL store (undefined on SQLite). */
  get cluster(): ClusterNode | undefined {
    return this.#cluster;
  }

  /** Whether this host can run functions in the given sandbox backend (gVisor needs runsc). */
  sandboxBackendAvailable(name: SandboxBackendName): boolean {
    return this.#launcher?.supports(name) ?? false;
  }

  /** The data plane's environment pool (undefined when sandboxes are off), for tests and tools. */
  get sandboxes(): SandboxManager | undefined {
    return this.#sandboxes;
  }


  /** Asynchronous invocation (undefined when sandboxes are off): queue, metrics, pending count. */
  get asyncInvocation(): AsyncInvocation | undefined {
    return this.#async;
  }

  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    this.#state = 'closing';
    // Long polls answer at once so the door can drain.
    this.#sqs?.close();
    this.#cloudTrail?.close();
    await this.#door?.close();
    await this.#async?.close();
    await this.#cluster?.close();
    await this.#recorder?.close();
    await this.#trailDelivery?.close();
    // Settling may still be unpacking code into the run dir: let it finish before removing it.
    await this.#deployer?.close();
    await this.#sandboxes?.close();
    await this.#launcher?.close();
    if (this.#runDirInstance !== undefined) {
      await removeRunDir({ instance: this.#runDirInstance }).catch((err: unknown) =>
        this.#options.logger.warn({ err }, 'removing the run directory failed'),
      );
    }
    // After the data plane: the last invocations' logs, metrics and segments are committed before the store closes.
    await this.#observability?.close();
    await this.#collector?.close();
    await this.#store?.close();
    this.#state = 'closed';
  }

  destroy(): void {
    this.#sqs?.close();
    this.#cloudTrail?.close();
    this.#door?.destroy();
    this.#cluster?.destroy();
    void this.#recorder?.close();
    this.#trailDelivery?.destroy();
    void this.#sandboxes?.close();
    void this.#launcher?.close();
    this.#observability?.destroy();
    this.#deployer?.destroy();
    void this.#collector?.close();
    void this.#store?.close();
    this.#state = this.#state === 'failed' ? 'failed' : 'closed';
  }
}

function started<T>(part: T | undefined): T {
  if (part === undefined) throw new NotStartedError('lambdabox is not started');
  return part;
}
