/** Shared steps of the async-invocation tests: read what functions logged, wait for it. */
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { functionLogMessages } from '../../helpers/log-events.js';
import { sleep } from '../invoke-harness.js';

/** A function that logs every event it receives as one `RECORD <json>` line. */
export const SINK = "export const handler = async (event) => { console.log('RECORD ' + JSON.stringify(event)); return 'ok'; };\n";

/** Succeeds, or fails when the event says so (Lambda then retries). */
export const WORKER = `export const handler = async (event) => {
  if (event.fail) throw new Error('failing on purpose: ' + event.id);
  return { done: event.id };
};
`;

export function logMessages(fx: LambdaboxFixture, functionName: string): Promise<string[]> {
  return functionLogMessages(fx, functionName);
}

export async function records(fx: LambdaboxFixture, functionName: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const m of await logMessages(fx, functionName)) {
    const i = m.indexOf('RECORD ');
    if (i >= 0) out.push(JSON.parse(m.slice(i + 'RECORD '.length).trim()) as Record<string, unknown>);
  }
  return out;
}

export async function startsFor(fx: LambdaboxFixture, functionName: string, requestId: string): Promise<number> {
  return (await logMessages(fx, functionName)).filter((m) => m.startsWith(`START RequestId: ${requestId} `)).length;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
