/** The two systems under test, started side by side: lambdabox (its own process) and serverless-offline. */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_ROLE, zipOf } from '../test/helpers/zips.js';
import type { InvokeEndpoint } from './invoke-clients.js';
import type { CpuProbe } from './invoke-phases.js';
import { BENCH_ACCESS_KEY_ID, BENCH_REGION, BENCH_SECRET_ACCESS_KEY } from './invoke-protocol.js';
import { startLambdaboxChild } from './lambdabox-child.js';
import type { LambdaboxChild } from './lambdabox-child.js';
import { environmentsCpuMs, processCpuMs } from './proc-stats.js';
import { ensureServerlessOffline, startServerlessOffline } from './serverless-offline.js';
import type { OfflineServer } from './serverless-offline.js';

export const HANDLER = 'export const handler = async (e) => ({ ok: true });\n';
/** Lambda gives a function one full vCPU at 1,769 MB. */
export const MEMORY_MIB = 1769;

export interface LambdaboxSide {
  readonly server: LambdaboxChild;
  readonly endpoint: InvokeEndpoint;
  /** For CreateFunction / UpdateFunctionCode. */
  readonly admin: LambdaClient;
  readonly cpu: CpuProbe;
}

export interface OfflineSide {
  readonly server: OfflineServer;
  readonly endpoint: InvokeEndpoint;
  /** Its worker threads run inside its process: all its CPU time counts as "server". */
  readonly cpu: CpuProbe;
}

export interface Systems {
  readonly lbx: LambdaboxSide;
  readonly sls: OfflineSide | undefined;
  /** Why serverless-offline is missing, when it is. */
  readonly slsMissing: string;
  stop(): Promise<void>;
}

export interface SystemsOptions {
  readonly withOffline: boolean;
  /** Functions serverless-offline defines besides `hello`, each to be invoked cold once. */
  readonly coldKeys: readonly string[];
  readonly serverExecArgv: readonly string[];
  readonly say: (line: string) => void;
}

async function startOffline(o: SystemsOptions): Promise<{ server: OfflineServer | undefined; missing: string }> {
  if (!o.withOffline) return { server: undefined, missing: 'serverless-offline skipped (--no-offline)' };
  if (!ensureServerlessOffline(o.say)) return { server: undefined, missing: 'serverless-offline could not be installed: its figures are missing' };
  try {
    return { server: await startServerlessOffline(HANDLER, ['hello', ...o.coldKeys], MEMORY_MIB), missing: '' };
  } catch (err) {
    o.say(`serverless-offline did not start, it is skipped: ${String(err)}`);
    return { server: undefined, missing: `serverless-offline did not start (${String(err).split('\n')[0] ?? ''}): its figures are missing` };
  }
}

/** Starts both, creates lambdabox's `hello` and `cold` functions and waits until they are Active. */
export async function startSystems(o: SystemsOptions): Promise<Systems> {
  const offline = startOffline(o);
  let server: LambdaboxChild;
  try {
    server = await startLambdaboxChild(o.serverExecArgv);
  } catch (err) {
    await (await offline).server?.stop();
    throw err;
  }
  const { server: slsServer, missing } = await offline;
  const credentials = { accessKeyId: BENCH_ACCESS_KEY_ID, secretAccessKey: BENCH_SECRET_ACCESS_KEY };
  const admin = new LambdaClient({ endpoint: server.url, region: BENCH_REGION, credentials, maxAttempts: 1 });
  const stop = async (): Promise<void> => {
    admin.destroy();
    await slsServer?.stop();
    await server.stop();
  };
  try {
    for (const name of ['hello', 'cold']) {
      await admin.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          MemorySize: MEMORY_MIB,
          Code: { ZipFile: zipOf({ 'index.mjs': HANDLER }) },
        }),
      );
    }
    await server.command('settled');
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    lbx: {
      server,
      endpoint: { url: server.url, region: BENCH_REGION, credentials },
      admin,
      cpu: () => ({ server: processCpuMs(server.pid), sandbox: environmentsCpuMs(server.instance) }),
    },
    sls:
      slsServer === undefined
        ? undefined
        : {
            server: slsServer,
            // serverless-offline checks no signature; the clients sign anyway, so both sides pay the same client cost.
            endpoint: { url: slsServer.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIABENCHDUMMY000000', secretAccessKey: 'dummy' } },
            cpu: () => ({ server: processCpuMs(slsServer.pid), sandbox: 0 }),
          },
    slsMissing: missing,
    stop,
  };
}
