/** The invoke benchmark's markdown: figures side by side with the lambdabox/serverless-offline ratio, then the raw runs. */
import { reportHeader } from './report.js';
import type { Measurement } from './measure.js';
import type { CpuPerInvoke } from './invoke-phases.js';

export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
}

export interface FigureRow {
  readonly figure: string;
  readonly client: string;
  readonly unit: string;
  readonly lambdabox: number | undefined;
  readonly offline: number | undefined;
  /** The DESIGN.md target for lambdabox's figure, if it has one. */
  readonly target?: Target;
}

export interface RunRow {
  readonly system: 'lambdabox' | 'serverless-offline';
  readonly operation: string;
  readonly client: string;
  readonly m: Measurement;
  readonly cpu?: CpuPerInvoke;
}

const fixed = (n: number | undefined, digits: number): string => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '–');

function digitsFor(n: number): number {
  const a = Math.abs(n);
  return a >= 1000 ? 0 : a >= 100 ? 1 : 2;
}

const show = (n: number | undefined): string => (n === undefined ? '–' : fixed(n, digitsFor(n)));

function targetCell(row: FigureRow): string {
  const t = row.target;
  if (t === undefined) return '';
  const sign = t.op === '<=' ? '≤' : '≥';
  const v = row.lambdabox;
  if (v === undefined || !Number.isFinite(v)) return `${sign} ${t.value}: not measured`;
  const met = t.op === '<=' ? v <= t.value : v >= t.value;
  return `${sign} ${t.value.toLocaleString('en-US')}: ${met ? 'met' : '**missed**'}`;
}

export function figureTable(rows: readonly FigureRow[]): string[] {
  const lines = [
    '| figure | client | unit | lambdabox | serverless-offline | ratio lambdabox / sls-offline | target (DESIGN.md) |',
    '|---|---|---|--:|--:|--:|---|',
  ];
  for (const r of rows) {
    const ratio = r.lambdabox !== undefined && r.offline !== undefined && r.offline !== 0 ? r.lambdabox / r.offline : undefined;
    lines.push(`| ${r.figure} | ${r.client} | ${r.unit} | ${show(r.lambdabox)} | ${show(r.offline)} | ${fixed(ratio, 2)} | ${targetCell(r)} |`);
  }
  return lines;
}

export function runTable(rows: readonly RunRow[]): string[] {
  const lines = [
    '| system | operation | client | clients | ops | seconds | ops/s | p50 ms | p99 ms | CPU ms per invoke: client / server / sandboxes |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { system, operation, client, m, cpu } of rows) {
    const split = cpu === undefined ? '' : `${fixed(cpu.client, 3)} / ${fixed(cpu.server, 3)} / ${fixed(cpu.sandbox, 3)}`;
    lines.push(
      `| ${system} | ${operation} | ${client} | ${m.clients} | ${m.ops} | ${fixed(m.seconds, 2)} | ${fixed(m.opsPerSecond, 0)} | ${fixed(m.p50Ms, 2)} | ${fixed(m.p99Ms, 2)} | ${split} |`,
    );
  }
  return lines;
}

export function invokeReport(command: string, startedAt: Date, notes: readonly string[], figures: readonly FigureRow[], runs: readonly RunRow[]): string {
  return (
    [
      ...reportHeader('Invoke', command, startedAt, notes),
      '',
      ...figureTable(figures),
      '',
      'Every run behind those figures:',
      '',
      ...runTable(runs),
    ].join('\n') + '\n'
  );
}
