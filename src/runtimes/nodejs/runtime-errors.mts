/**
 * The errors this runtime raises and the shapes errors take on the wire and in the log, as
 * aws-lambda-ric 3.x (the code of the managed nodejs20.x/22.x runtimes) renders them: callers see
 * these bodies verbatim, so field order and the odd corners (non-Error throws, DEL escaping) matter.
 */
import { types } from 'node:util';

export class ImportModuleError extends Error {}
export class HandlerNotFound extends Error {}
export class MalformedHandlerName extends Error {}
export class UserCodeSyntaxError extends Error {}
export class MalformedStreamingHandler extends Error {}
export class CallbackHandlerDeprecated extends Error {}

/**
 * The runtime's own failures that the RIC raises as a plain `Error` (unparsable context headers, an
 * unserializable result, a missing request id). Callers see `errorType: "Error"` for these, as from
 * the RIC, so the name stays `Error` (on the prototype) and there is no `code`, which the Text log
 * would print. In-sandbox code imports only node:*, hence this local class and not the kernel's.
 */
export class RuntimeClientError extends Error {}
RuntimeClientError.prototype.name = 'Error';

export class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}

export class UnhandledPromiseRejection extends Error {
  readonly reason: unknown;
  readonly promise: unknown;

  constructor(reason: unknown, promise: unknown) {
    // Error() stringifies its message; a Symbol would throw there instead.
    super(typeof reason === 'symbol' ? reason.toString() : (reason as string | undefined));
    this.reason = reason;
    this.promise = promise;
  }
}

// The name lives on the prototype, as in the RIC, so stacks start with `Runtime.X:` and the
// instances carry no own `name` into their JSON.
for (const errorClass of [
  ImportModuleError,
  HandlerNotFound,
  MalformedHandlerName,
  UserCodeSyntaxError,
  MalformedStreamingHandler,
  CallbackHandlerDeprecated,
  NodeJsExit,
  UnhandledPromiseRejection,
]) {
  errorClass.prototype.name = `Runtime.${errorClass.name}`;
}

/** The body of POST …/error and /init/error. `errorMessage` is whatever a thrown value's toString gave. */
export interface RapidError {
  readonly errorType: unknown;
  readonly errorMessage: unknown;
  readonly trace?: readonly string[];
}

const UNREADABLE: RapidError = {
  errorType: 'handled',
  errorMessage:
    'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
};

interface ErrorFields {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly stack?: unknown;
}

/** Duck-typed errors (e.g. from another realm) count when name, message and stack are non-empty strings. */
function isErrorLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { name, message, stack } = value as ErrorFields;
  return typeof name === 'string' && name !== '' && typeof message === 'string' && message !== '' &&
    typeof stack === 'string' && stack !== '';
}

// Method calls on fields that may not be strings: a TypeError here is the RIC's "handled" case.
function escapeDel(value: unknown): unknown {
  return value === undefined || value === null ? undefined : (value as string).replaceAll('\x7F', '%7F');
}

export function toRapidError(error: unknown): RapidError {
  try {
    if (types.isNativeError(error) || isErrorLike(error)) {
      const fields = error as ErrorFields;
      return {
        errorType: escapeDel(fields.name),
        errorMessage: escapeDel(fields.message),
        trace: ((fields.stack as string).replaceAll('\x7F', '%7F')).split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: (error as { toString(): unknown }).toString(), trace: [] };
  } catch {
    return UNREADABLE;
  }
}

export function intoError(value: unknown): Error {
  return value instanceof Error ? value : new Error(value as string);
}

/** An error as the Text log shows it: a tab, then JSON with type, message, code, own fields and stack lines. */
export function toFormatted(error: unknown): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => withErrorFields(value))}`;
  } catch {
    return `\t${JSON.stringify(toRapidError(error))}`;
  }
}

function withErrorFields(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const shown: Record<string, unknown> = Object.assign(
    { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code } as Record<string, unknown>,
    value,
  );
  if (typeof value.stack === 'string') shown['stack'] = value.stack.split('\n');
  return shown;
}

/** JSON of a handler's result; `undefined` becomes `null`, as Lambda returns it. */
export function serializeResult(result: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new RuntimeClientError('Unable to stringify response body');
  }
  // A function or symbol result has no JSON; the RIC's native client refuses it with this TypeError.
  if (json === undefined) throw new TypeError('Wrong arguments');
  return json;
}
