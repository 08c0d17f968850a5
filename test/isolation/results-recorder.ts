/**
 * Writes each hostile test's outcome (attack → expected → actual, pass or fail) to a JSON file per
 * (suite, backend), which `node scripts/security-table.mjs` turns into SECURITY.md's table. The
 * directory is $LAMBDABOX_ISOLATION_RESULTS, else <tmpdir>/lambdabox-isolation-results.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ResultRow {
  readonly id: string;
  readonly attack: string;
  readonly expected: string;
  readonly actual: string;
  readonly verdict: 'pass' | 'fail';
}

export function resultsDir(): string {
  return process.env['LAMBDABOX_ISOLATION_RESULTS'] ?? join(tmpdir(), 'lambdabox-isolation-results');
}

export class ResultsRecorder {
  readonly #file: string;
  readonly #suite: string;
  readonly #backend: string;
  readonly #rows: ResultRow[] = [];

  constructor(suite: string, backend: string) {
    this.#suite = suite;
    this.#backend = backend;
    const dir = resultsDir();
    mkdirSync(dir, { recursive: true });
    this.#file = join(dir, `${suite}.${backend}.json`);
  }

  record(row: ResultRow): void {
    // Long probe output would swamp the table; the test's own failure message carries the details.
    this.#rows.push({ ...row, actual: row.actual.length > 400 ? `${row.actual.slice(0, 397)}...` : row.actual });
    const doc = { suite: this.#suite, backend: this.#backend, finishedAt: new Date().toISOString(), rows: this.#rows };
    writeFileSync(this.#file, `${JSON.stringify(doc, null, 2)}\n`);
  }
}
