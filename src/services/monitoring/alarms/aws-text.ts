/** How CloudWatch writes numbers and times in alarm reasons and events (Java's formats). */

/** Java's Double.toString for the values alarms show: `5.0`, `0.25`, `1.0E7`. */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa = '0', exp = '0'] = n.toExponential().split('e');
    const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
    return `${m}E${Number(exp)}`;
  }
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `07/12/26 15:30:00`: the datapoint times of a reason (UTC). */
export function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-12-07T15:30:00.000+0000`: reason data and alarm events. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
