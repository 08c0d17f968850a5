/**
 * Presigned, expiring download URLs for code and layer zips (GetFunction's Code.Location,
 * GetLayerVersion's Content.Location). AWS hands out S3 URLs valid for 10 minutes; lambdabox hands
 * out SigV4 query-presigned URLs to its own `/_lambdabox/code/…` route, signed with an internal key
 * derived from the master key, so they work with any HTTP client and die after their expiry.
 */
import type { KeyService } from '../shared/crypto/key-service.js';
import { presignUrl } from '../iam/sigv4/presign.js';
import { parseSigV4 } from '../iam/sigv4/parse.js';
import { verifySigV4 } from '../iam/sigv4/verify.js';
import type { IncomingSignedRequest } from '../iam/sigv4/types.js';

const ACCESS_KEY_ID = 'LBXCODEDOWNLOAD0';
const SERVICE = 'lambdabox-code';
const EXPIRES_SECONDS = 600;
const PATH = /^\/_lambdabox\/code\/([0-9]{12})\/([0-9a-f]{64})$/;

export interface CodeLocation {
  readonly accountId: string;
  readonly sha256Hex: string;
}

export class CodeUrls {
  readonly #secret: string;
  readonly #region: string;

  constructor(keys: KeyService, region: string) {
    this.#secret = keys.deriveKey('lambdabox/code-url/v1').toString('hex');
    this.#region = region;
  }

  /** `host` is the Host the client used, so the URL reaches this server the same way. */
  sign(host: string, location: CodeLocation, now: Date): string {
    const url = new URL(`http://${host}/_lambdabox/code/${location.accountId}/${location.sha256Hex}`);
    return presignUrl({
      method: 'GET',
      url,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: this.#secret,
      region: this.#region,
      service: SERVICE,
      now,
      expiresSeconds: EXPIRES_SECONDS,
      unsignedPayload: true,
    });
  }

  /** Returns the location a valid URL names; throws an AwsError when the URL is forged or expired. */
  verify(req: IncomingSignedRequest, now: Date): CodeLocation | undefined {
    const match = PATH.exec(req.path);
    if (match === null) return undefined;
    const parsed = parseSigV4(req);
    if (parsed.accessKeyId !== ACCESS_KEY_ID || parsed.mode !== 'query') return undefined;
    verifySigV4(req, parsed, this.#secret, {
      now,
      expectedRegion: this.#region,
      expectedService: SERVICE,
      allowUnsignedPayload: true,
    });
    return { accountId: match[1] as string, sha256Hex: match[2] as string };
  }
}
