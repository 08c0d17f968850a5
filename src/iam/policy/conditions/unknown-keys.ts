/**
 * Matching condition keys against the keys a request declares unknown (EvaluationRequest.unknownKeys):
 * exact names, or prefixes ending in `/` for templated keys (`aws:RequestTag/` covers every tag key).
 * Key names compare case-insensitively, as IAM compares them.
 */
export function isUnknownKey(unknown: readonly string[], key: string): boolean {
  const lower = key.toLowerCase();
  return unknown.some((u) => {
    const name = u.toLowerCase();
    return name.endsWith('/') ? lower.startsWith(name) : lower === name;
  });
}
