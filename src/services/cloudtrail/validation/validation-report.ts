/**
 * The text `aws cloudtrail validate-logs` prints, line for line (awscli CloudTrailValidateLogs:
 * _write_startup_text, _write_status, _write_summary_text, _write_ratio): errors go to stderr, each followed
 * by a blank line; valid files are listed on stdout with --verbose only.
 */
import { isoSeconds } from '../delivery/trail-object-keys.js';
import type { ValidationOutcome } from './validate-trail.js';

export interface ReportSinks {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export function startupText(trailArn: string, start: Date, end: Date): string {
  return `Validating log files for trail ${trailArn} between ${isoSeconds(start)} and ${isoSeconds(end)}\n\n`;
}

export function writeReport(outcome: ValidationOutcome, verbose: boolean, sinks: ReportSinks): void {
  sinks.stdout(startupText(outcome.trailArn, outcome.start, outcome.end));
  let lastWasDoubleSpace = true;
  for (const m of outcome.messages) {
    if (m.isError) {
      sinks.stderr(lastWasDoubleSpace ? `${m.text}\n\n` : `\n${m.text}\n\n`);
      lastWasDoubleSpace = true;
    } else if (verbose) {
      lastWasDoubleSpace = false;
      sinks.stdout(`${m.text}\n`);
    }
  }
  if (!lastWasDoubleSpace) sinks.stdout('\n');
  sinks.stdout(`Results requested for ${isoSeconds(outcome.start)} to ${isoSeconds(outcome.end)}\n`);
  if (outcome.validDigests === 0 && outcome.invalidDigests === 0) {
    sinks.stdout('No digests found\n');
    return;
  }
  if (outcome.foundEnd === undefined) sinks.stdout('No valid digests found in range\n');
  else sinks.stdout(`Results found for ${isoSeconds(outcome.foundStart)} to ${isoSeconds(outcome.foundEnd)}:\n`);
  const ratio = (valid: number, invalid: number, name: string): void => {
    const total = valid + invalid;
    if (total === 0) return;
    sinks.stdout(`\n${valid}/${total} ${name} files valid`);
    if (invalid > 0) sinks.stdout(`, ${invalid}/${total} ${name} files INVALID`);
  };
  ratio(outcome.validDigests, outcome.invalidDigests, 'digest');
  ratio(outcome.validLogs, outcome.invalidLogs, 'log');
  sinks.stdout('\n');
}

/** validate-logs' exit status: 1 when anything is invalid. */
export function exitCodeOf(outcome: ValidationOutcome): number {
  return outcome.invalidDigests > 0 || outcome.invalidLogs > 0 ? 1 : 0;
}
