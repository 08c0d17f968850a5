/** SigV4 timestamps: ISO 8601 basic format (`20150830T123600Z`), the HTTP `Date` fallback, and AWS's wording of durations. */

function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 Feb over into March; a real calendar date keeps its day.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** `YYYYMMDDTHHMMSSZ` to epoch milliseconds, or undefined if it is not exactly that. */
export function parseAmzDate(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 || value.charCodeAt(15) !== 0x5a) return undefined;
  return utcMillis(
    digits(value, 0, 4),
    digits(value, 4, 6),
    digits(value, 6, 8),
    digits(value, 9, 11),
    digits(value, 11, 13),
    digits(value, 13, 15),
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** An RFC 7231 IMF-fixdate (`Sun, 30 Aug 2015 12:36:00 GMT`), the form HTTP clients put in `Date`. */
export function parseHttpDate(value: string): number | undefined {
  const m = IMF_FIXDATE.exec(value.trim());
  if (m === null) return undefined;
  const month = MONTHS.indexOf(m[2] ?? '') + 1;
  if (month === 0) return undefined;
  return utcMillis(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function formatAmzDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2015-08-30T12:36:00.000Z
  return (
    iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z'
  );
}

/** `5 min` or `90 sec`, as AWS writes the window in "Signature expired" messages. */
export function formatWindow(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`;
}
