/** The request and parsed-authorization shapes shared by the SigV4 parser, verifier and signers. */

/** A request as far as its head goes: everything SigV4 signs except the payload. */
export interface SignedRequestHead {
  readonly method: string;
  /** request-target path exactly as received, percent-encoding intact, no query (e.g. '/2015-03-31/functions/f%3A%24LATEST') */
  readonly path: string;
  /** raw query string after '?', '' if none */
  readonly query: string;
  /** header name/value pairs as received, any case, duplicates as separate pairs (Node's req.rawHeaders paired up) */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface IncomingSignedRequest extends SignedRequestHead {
  /** the body bytes (Buffer, possibly empty) */
  readonly body: Uint8Array;
}

export interface ParsedSigV4 {
  readonly mode: 'header' | 'query';
  readonly accessKeyId: string;
  /** YYYYMMDD from the credential scope */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  /** lowercased, in the order the client listed them */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** YYYYMMDDTHHMMSSZ (converted from the `Date` header when that was the only date) */
  readonly amzDate: string;
  /** query mode only, when X-Amz-Expires was given */
  readonly expiresSeconds?: number;
  readonly securityToken?: string;
}
