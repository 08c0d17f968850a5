/**
 * Runs `lambdabox server` as a real child process (the compiled CLI), for restart and crash tests.
 * The environment is explicit: no inherited variables beyond PATH.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from './lambdabox-fixture.js';
import { postgresDatabaseFor, testsUsePostgres } from './postgres-cluster.js';
import type { StoreLocation } from '../../src/store/store-location.js';

const BIN = join(repoRoot(), 'bin', 'lambdabox.js');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Where its store is: lambdabox.db in the data dir, or the data dir's PostgreSQL database. */
  readonly store: StoreLocation;
  readonly output: () => string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerProcessOptions {
  /**
   * More environment variables (e.g. LAMBDABOX_STORE, LAMBDABOX_MASTER_KEY, LAMBDABOX_BLOB_DIR), added
   * to PATH and the test admin key; a LAMBDABOX_STORE given here wins over LAMBDABOX_TEST_STORE.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the "lambdabox listening on" line (default 20 s). */
  readonly startTimeoutMs?: number;
}

export async function startServerProcess(
  dataDir: string,
  extraArgs: readonly string[] = [],
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  // LAMBDABOX_TEST_STORE=postgres: the data dir's own database (the same one again after a restart).
  const given = options.env?.['LAMBDABOX_STORE'];
  const store: StoreLocation =
    given !== undefined && given !== 'sqlite'
      ? { kind: 'postgres', url: given }
      : given === undefined && testsUsePostgres()
        ? { kind: 'postgres', url: (await postgresDatabaseFor(dataDir)).url }
        : { kind: 'sqlite' };
  const child = spawn(process.execPath, [BIN, 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LAMBDABOX_ADMIN_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      LAMBDABOX_ADMIN_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      ...options.env,
      ...(store.kind === 'postgres' ? { LAMBDABOX_STORE: store.url } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), options.startTimeoutMs ?? 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /lambdabox listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return { child, url, store, output: () => out, exited };
}
