#!/usr/bin/env node
// Turns the hostile-function suite's results (test/isolation/results-recorder.ts writes one JSON file
// per suite and backend) into SECURITY.md's table: attack → expected → actual, per backend.
//   node scripts/security-table.mjs            prints the table
//   node scripts/security-table.mjs --write    replaces the table between the markers in SECURITY.md
// Results come from $LAMBDABOX_ISOLATION_RESULTS, else <tmpdir>/lambdabox-isolation-results.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = process.env.LAMBDABOX_ISOLATION_RESULTS ?? join(tmpdir(), 'lambdabox-isolation-results');
const BEGIN = '<!-- hostile-suite-table:begin -->';
const END = '<!-- hostile-suite-table:end -->';

if (!existsSync(dir)) {
  process.stderr.write(`no results in ${dir}: run the suite first (npm test -- test/isolation)\n`);
  process.exit(1);
}

const rows = new Map();
const backends = new Set();
let newest = '';
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  backends.add(doc.backend);
  if (doc.finishedAt > newest) newest = doc.finishedAt;
  for (const r of doc.rows) {
    const row = rows.get(r.id) ?? { id: r.id, attack: r.attack, expected: r.expected, results: new Map() };
    row.results.set(doc.backend, { verdict: r.verdict, actual: r.actual });
    rows.set(r.id, row);
  }
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ').replaceAll('<', '&lt;');
const order = ['bwrap', 'gvisor'].filter((b) => backends.has(b));
const header = ['id', 'attack', 'expected', ...order.map((b) => `${b}: result`)];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
const byId = (a, b) => a.id.localeCompare(b.id, 'en', { numeric: true });
let passed = 0;
let failed = 0;
for (const row of [...rows.values()].sort(byId)) {
  const results = order.map((b) => {
    const r = row.results.get(b);
    if (r === undefined) return 'not run';
    if (r.verdict === 'pass') passed += 1;
    else failed += 1;
    return `${r.verdict === 'pass' ? 'PASS' : '**FAIL**'}: ${r.actual}`;
  });
  lines.push(`| ${[row.id, row.attack, row.expected, ...results].map(cell).join(' | ')} |`);
}
const summary = `Run of ${newest.slice(0, 19).replace('T', ' ')} UTC on backends ${order.join(', ')}: ${passed} passed, ${failed} failed.`;
const table = `${summary}\n\n${lines.join('\n')}\n`;

if (process.argv.includes('--write')) {
  const path = join(root, 'SECURITY.md');
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    process.stderr.write(`SECURITY.md has no ${BEGIN} … ${END} markers\n`);
    process.exit(1);
  }
  writeFileSync(path, `${doc.slice(0, start + BEGIN.length)}\n${table}${doc.slice(end)}`);
  process.stdout.write(`SECURITY.md: ${summary}\n`);
} else {
  process.stdout.write(table);
}
