/**
 * Records as the store keeps them. Services own the semantics; the store owns durability and
 * atomicity. Sealed fields are envelope-encrypted by the services before they reach the store.
 */
import type { FunctionConfiguration } from './function-configuration.js';

export interface AccountRecord {
  readonly accountId: string;
  readonly createdAt: string;
}

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** The secret access key, sealed with context `access-key:<accessKeyId>`. */
  readonly secretSealed: Buffer;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
  /** ARN of the identity the key belongs to (the account root for the admin key). */
  readonly principalArn: string;
}

export interface FunctionRecord {
  readonly accountId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly reservedConcurrency: number | null;
  /** Highest version number ever published; numbers are never reused, even after deletion. */
  readonly lastVersion: number;
}

export interface VersionRecord {
  readonly accountId: string;
  readonly functionName: string;
  /** `$LATEST` or a decimal version number. */
  readonly version: string;
  /** The configuration without Environment (see envSealed). */
  readonly config: FunctionConfiguration;
  /** JSON of Environment.Variables, sealed with context `env:<function arn>:<version>`; null when empty. */
  readonly envSealed: Buffer | null;
  /** Hex SHA-256 of the zip: its address in the blob store. */
  readonly codeSha256Hex: string;
  readonly unzippedSize: number;
}

export interface AliasRecord {
  readonly accountId: string;
  readonly functionName: string;
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  readonly additionalVersionWeights: Readonly<Record<string, number>> | null;
  readonly revisionId: string;
}

export interface LayerRecord {
  readonly accountId: string;
  readonly name: string;
  /** Highest version number ever published; never reused. */
  readonly lastVersion: number;
}

export interface LayerVersionRecord {
  readonly accountId: string;
  readonly layerName: string;
  readonly version: number;
  readonly description: string;
  readonly createdDate: string;
  /** null when the publisher did not send the member: AWS then omits it from responses (`[]` is kept). */
  readonly compatibleRuntimes: readonly string[] | null;
  readonly compatibleArchitectures: readonly string[] | null;
  readonly licenseInfo: string | null;
  readonly codeSha256Hex: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
}

export interface EventInvokeConfigRecord {
  readonly accountId: string;
  readonly functionName: string;
  /** `$LATEST`, a version number or an alias name. */
  readonly qualifier: string;
  readonly maximumRetryAttempts: number | null;
  readonly maximumEventAgeInSeconds: number | null;
  readonly onSuccess: string | null;
  readonly onFailure: string | null;
  /** Epoch seconds, as the API returns it. */
  readonly lastModified: number;
}
