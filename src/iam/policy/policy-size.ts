/**
 * IAM's size of a policy document: characters outside string literals' white space (IAM "doesn't count
 * white space when calculating the size"). Shared by IAM's quotas and STS's packed session policies.
 */
/** Characters of a JSON text outside string literals' white space, as IAM counts them. */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  let escaped = false;
  for (const c of text) {
    if (inString) {
      size++;
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      size++;
    } else if (!/\s/.test(c)) {
      size++;
    }
  }
  return size;
}
