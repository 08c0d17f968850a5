/**
 * `npm run fuzz -- --cases N [--seed S] [--from I]`: the fuzz of fuzz.test.ts, as long as asked, against a fresh
 * control-plane server; prints the counts and every finding, exits 1 if there is one.
 */
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import { formatReport, runFuzz } from './fuzz-run.js';

function flag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const raw = i < 0 ? undefined : args[i + 1];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got ${raw}`);
  return n;
}

export async function main(args: readonly string[]): Promise<number> {
  const cases = flag(args, '--cases', 20_000);
  const seed = flag(args, '--seed', 20261206);
  const from = flag(args, '--from', 0);
  const fx = await startLambdabox({ overrides: { sandbox: false } });
  try {
    const report = await runFuzz(fx, { cases, seed, from, progress: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${formatReport(report)}\n`);
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    await fx.close();
  }
}
