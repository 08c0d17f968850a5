/**
 * The errors a deployment package can earn. The first four messages are AWS's own; AWS has no message
 * for hostile archives, so those follow its "Could not unzip uploaded file." opening and name the entry.
 */
import { InvalidParameterValueError, RequestEntityTooLargeError } from '../errors/lambda-errors.js';

const COULD_NOT_UNZIP = 'Could not unzip uploaded file.';

export function invalidZipError(): InvalidParameterValueError {
  return new InvalidParameterValueError(`${COULD_NOT_UNZIP} Please check your file, then try to upload again.`);
}

export function emptyZipError(): InvalidParameterValueError {
  return new InvalidParameterValueError('Uploaded file must be a non-empty zip');
}

export function zippedSizeError(limit: number): RequestEntityTooLargeError {
  return new RequestEntityTooLargeError(`Zipped size must be smaller than ${limit} bytes`);
}

export function unzippedSizeError(limit: number): InvalidParameterValueError {
  return new InvalidParameterValueError(`Unzipped size must be smaller than ${limit} bytes`);
}

/** `detail` is a sentence about the archive, e.g. from entryError(). */
export function unsafePackageError(detail: string): InvalidParameterValueError {
  return new InvalidParameterValueError(`${COULD_NOT_UNZIP} ${detail}`);
}

/** "The entry 'x' <problem>." with the name made printable and bounded. */
export function entryError(name: string, problem: string): InvalidParameterValueError {
  return unsafePackageError(`The entry ${quoteName(name)} ${problem}.`);
}

export function symlinkError(name: string, problem: string): InvalidParameterValueError {
  return unsafePackageError(`The symbolic link ${quoteName(name)} ${problem}.`);
}

const MAX_SHOWN_NAME = 200;

/** Names come from the uploader: escape control characters so messages and logs stay one clean line. */
export function quoteName(name: string): string {
  const shown = name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}...` : name;
  // eslint-disable-next-line no-control-regex
  const printable = shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${printable}'`;
}
