/** The CanonicalURI line of a SigV4 canonical request, computed from the path exactly as it arrived. */
import { reencode, uriEncode } from './uri-encode.js';

export interface CanonicalUriOptions {
  /** Remove `.`/`..` segments and empty segments (every service but S3). @default true */
  readonly normalizePath?: boolean;
  /**
   * Encode the received (already percent-encoded) path once more, so `%24` becomes `%2524`: how the AWS
   * SDKs and CLI sign every service but S3. When false the path is decoded and encoded once (S3 style).
   * @default true
   */
  readonly uriEncodePath?: boolean;
}

/**
 * Dot-segment removal as botocore's `remove_dot_segments` and smithy's signer do it: empty and `.` segments
 * dropped, `..` pops, leading slash kept, trailing slash kept only when something is left.
 */
function normalize(path: string): string {
  // Fast path: nothing to remove (no `//`, no segment starting with `.`).
  if (path.charCodeAt(0) === 0x2f && path.indexOf('//') < 0 && path.indexOf('/.') < 0) return path;
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      kept.pop();
      continue;
    }
    kept.push(segment);
  }
  const lead = path.charCodeAt(0) === 0x2f ? '/' : '';
  const trail = kept.length > 0 && path.charCodeAt(path.length - 1) === 0x2f ? '/' : '';
  return lead + kept.join('/') + trail;
}

export function canonicalUri(rawPath: string, options: CanonicalUriOptions = {}): string {
  const path = options.normalizePath === false ? rawPath : normalize(rawPath);
  if (path === '') return '/';
  return options.uriEncodePath === false
    ? reencode(path, { plusIsSpace: false, keepSlash: true })
    : uriEncode(path, true);
}
