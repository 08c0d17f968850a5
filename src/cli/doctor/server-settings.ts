/** The LAMBDABOX_* variables the server reads must parse, or `lambdabox server` refuses to start. */
import { resolveServerOptions } from '../server-options.js';
import { fail, ok } from './finding.js';
import type { Finding } from './finding.js';

const ENV_BY_SETTING: Readonly<Record<string, string>> = {
  host: 'LAMBDABOX_HOST',
  port: 'LAMBDABOX_PORT',
  dataDir: 'LAMBDABOX_HOME',
  region: 'LAMBDABOX_REGION',
  logLevel: 'LAMBDABOX_LOG_LEVEL',
};

export function checkServerSettings(dataDir: string, env: NodeJS.ProcessEnv): Finding {
  try {
    const o = resolveServerOptions({ dataDir }, env);
    return ok(`server settings: http://${o.host}:${o.port}, region ${o.region}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const setting = /invalid setting (\w+)/.exec(message)?.[1] ?? '';
    const variable = ENV_BY_SETTING[setting];
    return fail(
      `server settings: ${message}`,
      variable === undefined ? 'correct the LAMBDABOX_* environment variables' : `unset ${variable}, or set it to a valid value`,
    );
  }
}
