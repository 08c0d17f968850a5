/**
 * How functions and their versions sit in table rows, the same on every engine (sqlite/, postgres/): the
 * row shapes and their mapping to records. `$LATEST` is version number 0.
 */
import type { FunctionRecord, VersionRecord } from './records.js';
import type { FunctionConfiguration } from './function-configuration.js';

// Types, not interfaces: PostgreSQL's row type needs the index signature an interface lacks.
export type FunctionRow = {
  account_id: string;
  name: string;
  created_at: string;
  tags: string;
  reserved_concurrency: number | null;
  last_version: number;
};

export type VersionRow = {
  account_id: string;
  function_name: string;
  version_num: number;
  config: string;
  env_sealed: Buffer | null;
  code_sha256: string;
  unzipped_size: number;
};

const LATEST = '$LATEST';

export function versionNumber(version: string): number {
  return version === LATEST ? 0 : Number(version);
}

export function toFunction(row: FunctionRow): FunctionRecord {
  return {
    accountId: row.account_id,
    name: row.name,
    createdAt: row.created_at,
    tags: JSON.parse(row.tags) as Record<string, string>,
    reservedConcurrency: row.reserved_concurrency,
    lastVersion: row.last_version,
  };
}

export function toVersion(row: VersionRow): VersionRecord {
  return {
    accountId: row.account_id,
    functionName: row.function_name,
    version: row.version_num === 0 ? LATEST : String(row.version_num),
    config: JSON.parse(row.config) as FunctionConfiguration,
    envSealed: row.env_sealed,
    codeSha256Hex: row.code_sha256,
    unzippedSize: row.unzipped_size,
  };
}

/** A version still deploying: resumed after a restart (listUnsettledVersions). */
export function isUnsettled(config: FunctionConfiguration): boolean {
  return config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
}
