/**
 * Starts a real lambdabox on an ephemeral loopback port with a fresh data dir, and hands out real
 * AWS SDK clients pointed at it. Always `await fixture.close()` (use `after`/`t.after`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Lambdabox } from '../../src/lambdabox.js';
import type { LambdaboxOptions } from '../../src/lambdabox.js';
import type { StoreLocation } from '../../src/store/store-location.js';
import { createLogger } from '../../src/observe/logger.js';
import { ensureLambdaRole } from './lambda-roles.js';
import { TEST_ROLE } from './zips.js';
import { postgresDatabaseFor, testsUsePostgres } from './postgres-cluster.js';

export const TEST_ACCESS_KEY_ID = 'AKIALAMBDABOXTEST001';
export const TEST_SECRET_ACCESS_KEY = 'lambdabox-test-secret-0123456789abcdefghij';
export const TEST_REGION = 'us-east-1';
export const TEST_ACCOUNT_ID = '000000000000';

export interface LambdaboxFixture {
  readonly box: Lambdabox;
  readonly url: string;
  readonly dataDir: string;
  /** Where the server's store is: lambdabox.db in the data dir, or its own PostgreSQL database. */
  readonly store: StoreLocation;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** A Lambda client with the admin key; pass other credentials to get another. */
  lambda(credentials?: { accessKeyId: string; secretAccessKey: string }): LambdaClient;
  /** Waits until no version is still Pending/InProgress. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Reuse a data dir (restart tests); a fresh temp dir otherwise. It is removed on close unless given. */
  readonly dataDir?: string;
  readonly overrides?: Partial<LambdaboxOptions>;
}

export async function startLambdabox(options: FixtureOptions = {}): Promise<LambdaboxFixture> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lambdabox-test-')));
  // LAMBDABOX_TEST_STORE=postgres: the same suite on PostgreSQL, one database per data dir.
  const database = testsUsePostgres() && options.overrides?.store === undefined ? await postgresDatabaseFor(dataDir) : undefined;
  const store: StoreLocation = options.overrides?.store ?? (database === undefined ? { kind: 'sqlite' } : { kind: 'postgres', url: database.url });
  const box = new Lambdabox({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: TEST_REGION,
    logger: createLogger({ level: process.env['LAMBDABOX_TEST_LOG_LEVEL'] ?? 'silent' }),
    adminAccessKeyId: TEST_ACCESS_KEY_ID,
    adminSecretAccessKey: TEST_SECRET_ACCESS_KEY,
    // One cache for every test server: Node 22/24 are fetched once per machine, not per test.
    runtimeCacheDir: join(tmpdir(), 'lambdabox-runtime-cache'),
    ...options.overrides,
    store,
  });
  await box.start();
  // The execution role every test function uses (zips.ts TEST_ROLE): CreateFunction requires it to exist.
  await ensureLambdaRole(box, TEST_ROLE);
  const url = box.url;
  const clients: LambdaClient[] = [];
  const credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
  return {
    box,
    url,
    dataDir,
    store,
    credentials,
    lambda(creds = credentials) {
      const client = new LambdaClient({ endpoint: url, region: TEST_REGION, credentials: creds, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    settled: () => box.control.deployer.idle(),
    async close() {
      for (const c of clients) c.destroy();
      await box.close();
      if (ownDir) {
        await rm(dataDir, { recursive: true, force: true });
        await database?.drop();
      }
    },
  };
}
