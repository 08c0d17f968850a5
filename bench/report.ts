/** The markdown a benchmark prints: the command, the machine, and one table row per measurement. */
import { availableParallelism, cpus, totalmem } from 'node:os';
import type { Measurement } from './measure.js';

export interface Row {
  readonly operation: string;
  readonly setup: string;
  readonly m: Measurement;
}

export function machineLine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} CPUs (nproc), ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${process.platform}/${process.arch}`;
}

const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A report's title and the list under it: the command, when, the machine, then the notes. */
export function reportHeader(title: string, command: string, startedAt: Date, notes: readonly string[]): string[] {
  return [
    `## ${title}`,
    '',
    `- command: \`${command}\``,
    `- date: ${startedAt.toISOString()}`,
    `- machine: ${machineLine()}`,
    ...notes.map((n) => `- ${n}`),
  ];
}

export function markdownReport(title: string, command: string, startedAt: Date, rows: readonly Row[], notes: readonly string[]): string {
  const lines = [
    ...reportHeader(title, command, startedAt, notes),
    '',
    '| operation | setup | clients | ops | seconds | ops/s | p50 ms | p99 ms |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { operation, setup, m } of rows) {
    lines.push(
      `| ${operation} | ${setup} | ${m.clients} | ${m.ops} | ${fixed(m.seconds, 2)} | ${fixed(m.opsPerSecond, 0)} | ${fixed(m.p50Ms, 2)} | ${fixed(m.p99Ms, 2)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
