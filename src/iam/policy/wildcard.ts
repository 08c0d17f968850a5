// IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.

// A NUL before a character marks it literal (see variables.ts: `${*}` and substituted values).
const LITERAL = '\u0000';

// Iterative glob matching with single-star backtracking: linear in practice and no regex compiled per request.
function globMatch(pattern: string, value: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < value.length) {
    if (pi < pattern.length) {
      const c = pattern.charAt(pi);
      if (c === LITERAL && pi + 1 < pattern.length) {
        if (pattern.charAt(pi + 1) === value.charAt(si)) {
          pi += 2;
          si++;
          continue;
        }
      } else if (c === '*') {
        starP = ++pi;
        starS = si;
        continue;
      } else if (c === '?' || c === value.charAt(si)) {
        pi++;
        si++;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < pattern.length && pattern.charAt(pi) === '*') pi++;
  return pi === pattern.length;
}

export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  if (pattern === '*') return true;
  if (caseInsensitive) return globMatch(pattern.toLowerCase(), value.toLowerCase());
  return globMatch(pattern, value);
}

// Actions are `service:Action`, compared case-insensitively.
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

// Splits an ARN into its six parts; the resource part keeps any further colons.
export function splitArn(arn: string): string[] | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = ['arn'];
  let from = 4;
  for (let i = 0; i < 4; i++) {
    const colon = arn.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

function hasWildcards(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') || pattern.includes(LITERAL);
}

// Resource ARNs: the first five parts are matched one by one, the resource part as a whole, so `*` there spans `/`
// and `:`. Matching is case-sensitive.
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  if (!hasWildcards(pattern)) return pattern === resource;
  const r = splitArn(resource);
  const p = splitArn(pattern);
  if (r === undefined) return wildcardMatch(pattern, resource);
  if (p === undefined) {
    // AWS docs: a `*` ending an ARN segment may expand beyond the colon boundaries (`arn:aws:lambda:us-east-1:*`).
    const parts = pattern.split(':');
    const last = parts[parts.length - 1] ?? '';
    if (!last.endsWith('*')) return false;
    const head = parts.slice(0, -1);
    return (
      head.every((part, index) => wildcardMatch(part, r[index] ?? '')) &&
      wildcardMatch(last, r.slice(head.length).join(':'))
    );
  }
  return p.every((part, index) => wildcardMatch(part, r[index] ?? ''));
}
