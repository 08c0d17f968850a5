/** A Lambdabox for a benchmark: a throw-away data directory, the shared runtime cache, admin keys given by the bench. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lambdabox } from '../src/lambdabox.js';
import { createLogger } from '../src/observe/logger.js';
import { ensureLambdaRole } from '../test/helpers/lambda-roles.js';

export interface BenchBoxOptions {
  /** Prefix of the data directory under the OS temp directory. */
  readonly dataDirPrefix: string;
  readonly region: string;
  readonly logLevel: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface BenchBox {
  readonly box: Lambdabox;
  readonly dataDir: string;
  /** Starts the server and creates `role` in its IAM. */
  readonly start: (role: string) => Promise<void>;
  /** Closes the server and removes its data directory; later calls return the first call's promise. */
  readonly close: () => Promise<void>;
}

export async function createBenchBox(options: BenchBoxOptions): Promise<BenchBox> {
  const dataDir = await mkdtemp(join(tmpdir(), options.dataDirPrefix));
  const box = new Lambdabox({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: options.region,
    logger: createLogger({ level: options.logLevel }),
    writeCredentialsFile: false,
    adminAccessKeyId: options.accessKeyId,
    adminSecretAccessKey: options.secretAccessKey,
    runtimeCacheDir: join(tmpdir(), 'lambdabox-runtime-cache'),
  });
  let closing: Promise<void> | undefined;
  return {
    box,
    dataDir,
    start: async (role) => {
      await box.start();
      await ensureLambdaRole(box, role);
    },
    close: () =>
      (closing ??= (async () => {
        await box.close();
        await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

/** For a bench server run as a child process: the parent going away (crash, Ctrl-C) must not leave sandboxes behind. */
export function closeOnDisconnect(bench: BenchBox): void {
  process.once('disconnect', () => void bench.close().finally(() => process.exit(0)));
}
