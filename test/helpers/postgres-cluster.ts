/**
 * A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, listening on 127.0.0.1 only (and a
 * socket in the same dir), password auth, stopped and removed by `stop()`. PostgreSQL refuses to run as
 * root, so as root the cluster runs as Debian's `postgres` user. `npm test` starts one for the whole run
 * and passes its URL as LAMBDABOX_TEST_PG_URL; `postgresUrl()` starts one per process otherwise.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** `postgres://user:password@127.0.0.1:port/postgres`. */
  readonly url: string;
  /** The server's main process (postmaster), whose children are the backends; undefined once stopped. */
  pid(): number | undefined;
  stop(): void;
}

/** The newest installed server's bin dir (Debian: /usr/lib/postgresql/<major>/bin), if any. */
export function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((d) => existsSync(join(base, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(base, majors[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new TypeError('no port'))));
    });
  });
}

function asOwner(bin: string, args: readonly string[], asPostgres: boolean): { status: number | null; output: string } {
  const command = asPostgres ? '/usr/sbin/runuser' : bin;
  const argv = asPostgres ? ['-u', 'postgres', '--', bin, ...args] : [...args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (bin === undefined) {
    throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (npm test installs it as root)');
  }
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'lbx-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const user = 'lambdabox';
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (asPostgres) {
    chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    chownSync(join(dir, 'pwfile'), uidOf('postgres'), gidOf('postgres'));
  }
  chmodSync(dir, 0o700);
  const init = asOwner(join(bin, 'initdb'), ['-D', data, '-U', user, '--pwfile', join(dir, 'pwfile'), '-A', 'scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C'], asPostgres);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.output}`);
  }
  rmSync(join(dir, 'pwfile'));
  let lastOutput = '';
  // A port picked free can be taken before the server binds it: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-c unix_socket_directories=${dir}`,
      // A test cluster: a lost machine loses it anyway, so skip the flushes that make it slow.
      `-c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      `-c max_connections=300`,
    ].join(' ');
    const start = asOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], asPostgres);
    if (start.status === 0) {
      const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      return {
        url,
        pid: () => {
          try {
            const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
            return Number.isInteger(pid) && pid > 0 ? pid : undefined;
          } catch {
            return undefined;
          }
        },
        stop: () => {
          asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    lastOutput = `${start.output}\n${existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : ''}`;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`pg_ctl start failed: ${lastOutput}`);
}

function idOf(name: string, field: 2 | 3): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  const value = Number(line?.split(':')[field]);
  if (!Number.isInteger(value)) throw new Error(`no user ${name} in /etc/passwd`);
  return value;
}
const uidOf = (name: string): number => idOf(name, 2);
const gidOf = (name: string): number => idOf(name, 3);

let own: Promise<PostgresCluster> | undefined;

/** The server the tests use: the run's (LAMBDABOX_TEST_PG_URL) or one of this process's own. */
export async function postgresServerUrl(): Promise<string> {
  const given = process.env['LAMBDABOX_TEST_PG_URL'];
  if (given !== undefined && given !== '') return given;
  own ??= startPostgresCluster().then((cluster) => {
    process.once('exit', () => cluster.stop());
    return cluster;
  });
  return (await own).url;
}

/** A fresh, empty database on the tests' server (or on `serverUrl`'s); `drop()` removes it. */
export async function freshPostgresDatabase(serverUrl?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = serverUrl ?? (await postgresServerUrl());
  const name = `lbx_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The database of one data dir when the suite runs on PostgreSQL (LAMBDABOX_TEST_STORE=postgres): named
 * after the dir, so a restart test that reuses its dir finds its data again; created when missing.
 */
export async function postgresDatabaseFor(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = await postgresServerUrl();
  const name = `lbx_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Whether the suite runs its servers on PostgreSQL instead of SQLite. */
export function testsUsePostgres(): boolean {
  return process.env['LAMBDABOX_TEST_STORE'] === 'postgres';
}
