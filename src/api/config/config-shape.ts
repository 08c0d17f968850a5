/**
 * AWS Config's spelling of API shapes: the resource's describe output with member names as AWS Config's
 * (Jackson-serialized) items carry them: the leading capitals lower-cased, `FunctionName` → `functionName`,
 * `KMSKeyArn` → `kmskeyArn` (awslabs/aws-config-resource-schema, AWS::Lambda::Function.properties.json).
 */

export function configMemberName(name: string): string {
  const lead = /^[A-Z]+/.exec(name)?.[0] ?? '';
  return lead.toLowerCase() + name.slice(lead.length);
}

/** Member names rewritten at every depth; maps of user-chosen keys (tags, variables) are passed in `verbatim`. */
export function toConfigShape(value: unknown, verbatim: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) return value.map((v) => toConfigShape(v, verbatim));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [configMemberName(k), verbatim.has(k) ? v : toConfigShape(v, verbatim)]),
  );
}

/** IAM's timestamps without milliseconds, as AWS Config's IAM items show them. */
export function iamTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch milliseconds of a stored ISO time (the items' resourceCreationTime). */
export function epochMs(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
