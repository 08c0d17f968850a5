/** Renders doctor findings as `✓` / `!` / `✗` lines, each problem followed by its fix. */
import type { Finding, FindingStatus } from './finding.js';

export interface Section {
  readonly title: string;
  readonly findings: readonly Finding[];
}

const MARK: Readonly<Record<FindingStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };

export function countFindings(sections: readonly Section[]): Readonly<Record<FindingStatus, number>> {
  const counts = { ok: 0, warn: 0, fail: 0 };
  for (const s of sections) for (const f of s.findings) counts[f.status] += 1;
  return counts;
}

export function formatReport(sections: readonly Section[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(section.title);
    for (const f of section.findings) {
      lines.push(`  ${MARK[f.status]} ${f.message}`);
      if (f.fix !== undefined) lines.push(`      fix: ${f.fix}`);
    }
    lines.push('');
  }
  const c = countFindings(sections);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(c.ok, 'check')} passed, ${plural(c.warn, 'warning')}, ${plural(c.fail, 'failure')}`);
  return lines.join('\n') + '\n';
}
