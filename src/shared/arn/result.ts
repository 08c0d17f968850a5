/**
 * What the ARN parsers answer: the parts, or why the text is refused. Parsing never throws: each caller
 * decides what a refusal means (a validation error, a resource the IAM layer cannot key, a send that fails).
 */
export type Parsed<T, R extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: R };

export function accepted<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function refused<R extends string>(reason: R): { readonly ok: false; readonly reason: R } {
  return { ok: false, reason };
}

/** The parts of an accepted text, undefined for a refused one (for callers that only ask "which one?"). */
export function valueOf<T>(parsed: Parsed<T>): T | undefined {
  return parsed.ok ? parsed.value : undefined;
}
