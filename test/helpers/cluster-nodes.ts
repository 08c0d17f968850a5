/**
 * Several `lambdabox server` processes (the compiled CLI, through startServerProcess) forming one
 * cluster: one fresh PostgreSQL database (LAMBDABOX_STORE), one master key (LAMBDABOX_MASTER_KEY), one
 * blob directory (LAMBDABOX_BLOB_DIR), one admin key, a data dir of its own per node and port 0 each.
 * A node can be SIGKILLed and started again on its data dir (it rejoins as the same node). `close()`
 * stops every node (SIGTERM, then SIGKILL after a grace period), removes the dirs and drops the database.
 *
 * The multi-node settings are passed as environment variables (LAMBDABOX_BLOB_DIR,
 * LAMBDABOX_ADVERTISE_URL, LAMBDABOX_NODE_LEASE_MS) rather than flags, so the same harness starts a
 * server that does not know them yet (it ignores them) as well as one that does.
 *
 * Works from the tests (the run's server, LAMBDABOX_TEST_PG_URL) and from bench (`postgresServerUrl`:
 * a server of the bench's own).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresDatabase } from './postgres-cluster.js';
import { startServerProcess } from './server-process.js';
import type { ServerProcess } from './server-process.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from './lambdabox-fixture.js';

export interface ClusterNodesOptions {
  /** LAMBDABOX_NODE_LEASE_MS for every node (the runtime's default, 15000, when omitted). */
  readonly nodeLeaseMs?: number;
  /** The PostgreSQL server to create the database on (default: the tests' server, postgresServerUrl()). */
  readonly postgresServerUrl?: string;
  /** Prefix of the temp dirs (data dirs and the blob dir). */
  readonly dirPrefix?: string;
  /** More `lambdabox server` arguments for every node, e.g. ['--log-level', 'info']. */
  readonly extraArgs?: readonly string[];
  /** More environment variables for every node. */
  readonly env?: Readonly<Record<string, string>>;
  /** Per start: how long to wait for "lambdabox listening on" (default 30 s: nodes start side by side). */
  readonly startTimeoutMs?: number;
}

export interface ClusterNode {
  /** 0-based position in the cluster; stays the same across restarts. */
  readonly index: number;
  readonly dataDir: string;
  /** The running process; undefined after kill() until restart(). */
  readonly process: ServerProcess | undefined;
  /** The URL of the running process (a restart listens on a new port); throws while the node is down. */
  readonly url: string;
  /** PIDs of every process this node has run, newest last. */
  readonly pids: readonly number[];
}

export interface ClusterNodes {
  readonly nodes: readonly ClusterNode[];
  /** The shared database's URL (LAMBDABOX_STORE). */
  readonly storeUrl: string;
  readonly blobDir: string;
  readonly masterKey: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** URL of node i (0-based). */
  url(i: number): string;
  /** URLs of the nodes that are running now. */
  liveUrls(): string[];
  /** SIGKILL node i and wait until it has exited. */
  kill(i: number): Promise<void>;
  /** Start node i again on its data dir (it must be down: kill it first). */
  restart(i: number): Promise<ClusterNode>;
  /** Every node's output so far (stdout + stderr of each of its processes), for failure messages. */
  output(i: number): string;
  close(): Promise<void>;
}

class Node implements ClusterNode {
  process: ServerProcess | undefined;
  readonly pids: number[] = [];
  readonly outputs: string[] = [];
  constructor(
    readonly index: number,
    readonly dataDir: string,
  ) {}
  get url(): string {
    if (this.process === undefined) throw new Error(`node ${this.index + 1} is down`);
    return this.process.url;
  }
  output(): string {
    return [...this.outputs, this.process?.output() ?? ''].join('\n--- restart ---\n');
  }
}

/** Ends a process: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
async function stopProcess(server: ServerProcess, graceMs: number): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const result = await Promise.race([server.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

export async function startClusterNodes(count: number, options: ClusterNodesOptions = {}): Promise<ClusterNodes> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`node count ${count}`);
  const prefix = options.dirPrefix ?? 'lambdabox-cluster-';
  const database = await freshPostgresDatabase(options.postgresServerUrl);
  const blobDir = await mkdtemp(join(tmpdir(), `${prefix}blobs-`));
  const masterKey = randomBytes(32).toString('hex');
  const nodes: Node[] = [];
  const env: Record<string, string> = {
    LAMBDABOX_STORE: database.url,
    LAMBDABOX_MASTER_KEY: masterKey,
    LAMBDABOX_BLOB_DIR: blobDir,
    LAMBDABOX_ADMIN_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    LAMBDABOX_ADMIN_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    ...(options.nodeLeaseMs === undefined ? {} : { LAMBDABOX_NODE_LEASE_MS: String(options.nodeLeaseMs) }),
    ...options.env,
  };
  const launch = async (node: Node): Promise<void> => {
    const server = await startServerProcess(node.dataDir, options.extraArgs ?? [], {
      env,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
    });
    node.process = server;
    if (server.child.pid !== undefined) node.pids.push(server.child.pid);
  };

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await Promise.all(nodes.map(async (n) => (n.process === undefined ? undefined : stopProcess(n.process, 15_000))));
    await Promise.all([...nodes.map((n) => rm(n.dataDir, { recursive: true, force: true })), rm(blobDir, { recursive: true, force: true })]);
    await database.drop().catch(() => undefined);
  };

  try {
    for (let i = 0; i < count; i++) nodes.push(new Node(i, await mkdtemp(join(tmpdir(), `${prefix}node${i + 1}-`))));
    // The first node alone sets the database up (schema, admin account, master-key check); the others
    // join it side by side.
    const [first, ...rest] = nodes;
    if (first !== undefined) await launch(first);
    await Promise.all(rest.map(launch));
  } catch (err) {
    await close();
    throw err;
  }

  const node = (i: number): Node => {
    const n = nodes[i];
    if (n === undefined) throw new RangeError(`no node ${i} (of ${nodes.length})`);
    return n;
  };
  return {
    nodes,
    storeUrl: database.url,
    blobDir,
    masterKey,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    url: (i) => node(i).url,
    liveUrls: () => nodes.filter((n) => n.process !== undefined).map((n) => n.url),
    async kill(i) {
      const n = node(i);
      const server = n.process;
      if (server === undefined) return;
      n.process = undefined;
      n.outputs.push(server.output());
      server.child.kill('SIGKILL');
      await server.exited;
    },
    async restart(i) {
      const n = node(i);
      if (n.process !== undefined) throw new Error(`node ${i + 1} is running: kill it first`);
      await launch(n);
      return n;
    },
    output: (i) => node(i).output(),
    close,
  };
}
