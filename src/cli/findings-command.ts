/**
 * `lambdabox findings list`: the threat and resource findings recorded in the data dir (findings.jsonl), newest
 * last, read directly like `lambdabox logs` (works with or without a running server; needs read
 * access to the data dir, i.e. the operator).
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { FindingsLog, findingsPath } from '../observe/findings/findings-log.js';
import type { Finding } from '../observe/findings/findings-log.js';

export interface FindingsListOptions {
  readonly dataDir?: string | undefined;
  readonly json?: boolean;
  /** Only findings of this function (name or ARN). */
  readonly functionName?: string | undefined;
  readonly write?: (text: string) => void;
}

/** Egress findings: destination and `matched=`; resource findings: listener and `limit=`. */
export function formatFinding(f: Finding): string {
  const d = f.destination;
  const where = d !== undefined ? `${d.host.includes(':') ? `[${d.host}]` : d.host}:${d.port}` : (f.limit?.listener ?? '-');
  const what = f.limit !== undefined ? `limit=${f.limit.max} ${f.limit.kind}` : `matched=${f.matched ?? '-'}`;
  return [f.time, f.id, f.type, f.severity, f.functionArn, f.envId, where, what, f.requestId ?? '-'].join('\t');
}

export async function findingsList(options: FindingsListOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const dataDir = resolve(options.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const want = options.functionName;
  const findings = (await FindingsLog.read(findingsPath(dataDir))).filter(
    (f) => want === undefined || f.functionArn === want || f.functionArn.split(':')[6] === want,
  );
  if (options.json === true) write(`${JSON.stringify({ Findings: findings }, null, 2)}\n`);
  else for (const f of findings) write(`${formatFinding(f)}\n`);
  return 0;
}
