/** Shared steps of the async-invocation tests: read what functions logged, wait for it. */
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { ACCOUNT } from '../invoke-harness.js';
import { sleep } from '../invoke-harness.js';

/** A function that logs every event it receives as one `RECORD <json>` line. */
export const SINK = "export const handler = async (event) => { console.log('RECORD ' + JSON.stringify(event)); return 'ok'; };\n";

/** Succeeds, or fails when the event says so (Lambda then retries). */
export const WORKER = `export const handler = async (event) => {
  if (event.fail) throw new Error('failing on purpose: ' + event.id);
  return { done: event.id };
};
`;

export function logMessages(fx: LambdaboxFixture, functionName: string): string[] {
  const logs = fx.box.logs;
  if (logs === undefined) throw new Error('no log store');
  logs.flush();
  return logs.read(ACCOUNT, `/aws/lambda/${functionName}`, { limit: 100_000 }).map((e) => e.message);
}

export function records(fx: LambdaboxFixture, functionName: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of logMessages(fx, functionName)) {
    const i = m.indexOf('RECORD ');
    if (i >= 0) out.push(JSON.parse(m.slice(i + 'RECORD '.length).trim()) as Record<string, unknown>);
  }
  return out;
}

export function startsFor(fx: LambdaboxFixture, functionName: string, requestId: string): number {
  return logMessages(fx, functionName).filter((m) => m.startsWith(`START RequestId: ${requestId} `)).length;
}

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
