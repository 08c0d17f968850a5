/**
 * CloudTrail's `requestParameters` / `responseElements`: member names in lowerCamelCase as CloudTrail spells
 * them, and every secret replaced by AWS's marker. Map members (tags, environment variables, attributes)
 * keep their keys: those are the user's, not the API's.
 */

/** What CloudTrail writes in place of a sensitive value. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Members whose value never appears (compared in lower case, after camel-casing). */
const SECRET_MEMBERS = new Set([
  'zipfile',
  'secretstring',
  'secretbinary',
  'plaintext',
  'password',
  'newpassword',
  'oldpassword',
  'sessiontoken',
  'secretaccesskey',
  'privatekey',
  'messagebody',
  'payload',
  'clientcontext',
  'body',
  'receipthandle',
]);

/** A presigned URL (a layer's `Content.Location`) is a bearer credential for what it points to. */
function isPresignedUrl(value: unknown): boolean {
  return typeof value === 'string' && /[?&]X-Amz-Signature=/i.test(value);
}

/** Members whose value is a map of the user's own keys. */
const MAP_MEMBERS = new Set(['tags', 'attributes', 'messageattributes', 'messagesystemattributes', 'variables', 'tag']);

/** Environment variable values are secrets in practice (AWS encrypts them at rest for that reason). */
const SECRET_MAP_VALUES = new Set(['variables']);

/** Above this the parameters are left out, as CloudTrail omits those past 100 KB. */
export const MAX_PARAMETERS_CHARS = 100 * 1024;

export function lowerCamel(name: string): string {
  return name.slice(0, 1).toLowerCase() + name.slice(1);
}

export function redactMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactMembers);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const name = lowerCamel(key);
    const lower = name.toLowerCase();
    // Query-protocol members arrive flattened (`Entry.1.MessageBody`): the last segment names the member.
    const last = lower.slice(lower.lastIndexOf('.') + 1);
    if (SECRET_MEMBERS.has(last) || lower.includes('messageattribute') || isPresignedUrl(member)) out[name] = HIDDEN;
    else if (SECRET_MAP_VALUES.has(lower) && member !== null && typeof member === 'object') out[name] = hideValues(member);
    else if (MAP_MEMBERS.has(lower) && member !== null && typeof member === 'object' && !Array.isArray(member)) out[name] = member;
    else out[name] = redactMembers(member);
  }
  return out;
}

function hideValues(map: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map)) out[key] = HIDDEN;
  return out;
}

/** The redacted members, or null when there are none or they are too large to record. */
export function recordedMembers(members: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | null {
  if (members === undefined) return null;
  const redacted = redactMembers(members) as Record<string, unknown>;
  if (Object.keys(redacted).length === 0) return null;
  return JSON.stringify(redacted).length > MAX_PARAMETERS_CHARS ? null : redacted;
}
