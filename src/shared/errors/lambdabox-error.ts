/**
 * lambdabox's own failures, which are no AWS error: each carries a stable `code` (`ERR_…`), as
 * undici's and Miniflare's errors do, so callers and operators match on the code, not on the wording.
 * AWS errors that reach a client are AwsError (aws-error.ts). One class per meaning; a folder may
 * add its own subclass for a meaning of its own, with a code from this list.
 */

/** Every code a LambdaboxError may carry. Codes are stable: add new ones, never rename one. */
export const LAMBDABOX_ERROR_CODES = [
  /** A component was used after close() (or while closing). */
  'ERR_CLOSED',
  /** A component was used before start() finished. */
  'ERR_NOT_STARTED',
  /** A component was asked for something its current state does not allow (e.g. start() twice). */
  'ERR_INVALID_STATE',
  /** Something that cannot happen did: a bug in lambdabox. */
  'ERR_INVARIANT',
  /** A caller inside lambdabox passed an argument the function does not accept. */
  'ERR_INVALID_ARGUMENT',
  /** An operator's setting, flag or file is invalid. */
  'ERR_CONFIG',
  /** The host lacks something lambdabox needs, or holds it in an unsafe shape. */
  'ERR_HOST',
  /** A resource is held by another process (e.g. a lambdabox instance name). */
  'ERR_IN_USE',
  /** A language runtime could not be fetched or installed. */
  'ERR_RUNTIME_INSTALL',
  /** An async destination or dead-letter target cannot be delivered to. */
  'ERR_DELIVERY_REFUSED',
  /** A command-line client found no credentials to sign with. */
  'ERR_NO_CREDENTIALS',
  /** A server answered a command-line client with something it cannot use. */
  'ERR_UNEXPECTED_RESPONSE',
  /** The store was used after close(). */
  'ERR_STORE_CLOSED',
  /** The database was written by a newer lambdabox. */
  'ERR_SCHEMA_TOO_NEW',
  /** Another node of the cluster cannot be reached (nothing was sent to it). */
  'ERR_PEER_UNREACHABLE',
  /** This node's master key is not the one the store's other nodes use. */
  'ERR_MASTER_KEY_MISMATCH',
] as const;

export type LambdaboxErrorCode = (typeof LAMBDABOX_ERROR_CODES)[number];

export class LambdaboxError extends Error {
  readonly code: LambdaboxErrorCode;

  constructor(code: LambdaboxErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isLambdaboxError(value: unknown): value is LambdaboxError {
  return value instanceof LambdaboxError;
}

/** Used after close(), or while closing. */
export class ClosedError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_CLOSED', message);
  }
}

/** Used before start() finished. */
export class NotStartedError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_NOT_STARTED', message);
  }
}

/** Asked for something the current state does not allow. */
export class InvalidStateError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_INVALID_STATE', message);
  }
}

/** Something that cannot happen did: a bug in lambdabox, never a caller's mistake. */
export class InvariantError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_INVARIANT', message);
  }
}

/** An argument a function of lambdabox does not accept (a programming error of its caller). */
export class InvalidArgumentError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message);
  }
}

/** An operator's setting, flag or file is invalid. */
export class ConfigError extends LambdaboxError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
  }
}

/** The host lacks something lambdabox needs, or holds it in an unsafe shape. */
export class HostError extends LambdaboxError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_HOST', message, options);
  }
}

/** A resource is held by another live process. */
export class InUseError extends LambdaboxError {
  constructor(message: string) {
    super('ERR_IN_USE', message);
  }
}
