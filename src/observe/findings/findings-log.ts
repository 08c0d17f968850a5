/**
 * Threat findings, one JSON object per line in `<data-dir>/findings.jsonl` (0600). A file rather than
 * a store area: findings are append-only security events that must be readable by `lambdabox
 * findings list` with no server running and must survive a control-plane store that
 * is being migrated, restored or is itself under attack; they are never updated. Each append is
 * written and fsynced before it is acknowledged.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FINDINGS_FILE = 'findings.jsonl';

export interface Finding {
  /** `lbx-finding-<uuid>` */
  readonly id: string;
  /** ISO-8601 */
  readonly time: string;
  /** GuardDuty-style type, e.g. `CryptoCurrency:Lambda/BitcoinTool.B!DNS`, `Impact:Lambda/ConnectionExhaustion`. */
  readonly type: string;
  readonly severity: 'High' | 'Medium' | 'Low';
  readonly accountId: string;
  readonly functionArn: string;
  readonly envId: string;
  readonly requestId?: string;
  /** An egress finding's destination, as the function asked for it. */
  readonly destination?: { readonly host: string; readonly port: number };
  /** An egress finding's threat-list pattern. */
  readonly matched?: string;
  /** A resource finding's limit: what the environment exceeded, on which listener; it was destroyed. */
  readonly limit?: { readonly kind: 'connections'; readonly listener: string; readonly max: number };
}

export type NewFinding = Omit<Finding, 'id' | 'time'>;

export function findingsPath(dataDir: string): string {
  return join(dataDir, FINDINGS_FILE);
}

export class FindingsLog {
  readonly #path: string;
  /** Appends one at a time: concurrent appends of one line each could interleave otherwise. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
  }

  append(input: NewFinding, now = new Date()): Promise<Finding> {
    const finding: Finding = { id: `lbx-finding-${randomUUID()}`, time: now.toISOString(), ...input };
    const write = this.#tail.then(async () => {
      const file = await open(this.#path, 'a', 0o600);
      try {
        await file.write(`${JSON.stringify(finding)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
    });
    this.#tail = write.catch(() => undefined);
    return write.then(() => finding);
  }

  /** Every finding, oldest first; a torn last line (a crash mid-write) is skipped. */
  static async read(path: string): Promise<Finding[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: Finding[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as Finding);
      } catch {
        // Only a crash mid-append leaves a partial line.
      }
    }
    return out;
  }
}
