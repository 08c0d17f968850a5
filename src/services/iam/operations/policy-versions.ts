/** Versions of a managed policy: at most five, one of them the default, ids never reused. */
import type { PolicyVersionRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { awsManagedPolicy } from '../../../iam/policy/aws-managed-policies.js';
import { DeleteConflictError, LimitExceededError, NoSuchEntityError, iamConstraint } from './iam-errors.js';
import { policyReadOnly } from './managed-policies.js';
import { checkIdentityPolicy, checkManagedPolicySize } from './policy-documents.js';
import { requirePolicy } from './principals.js';

const MAX_VERSIONS = 5;

export interface VersionView {
  readonly version: PolicyVersionRecord;
  readonly isDefault: boolean;
}

function checkVersionId(versionId: string): void {
  if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(versionId)) {
    throw iamConstraint(versionId, 'versionId', 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
  }
}

function noSuchVersion(arn: string, versionId: string): NoSuchEntityError {
  return new NoSuchEntityError(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

export function getPolicyVersion(deps: IamDeps, accountId: string, policyArn: string, versionId: string): Promise<VersionView> {
  checkVersionId(versionId);
  return deps.store.transact(async (tx) => {
    const { record } = await requirePolicy(tx, accountId, policyArn);
    const aws = awsManagedPolicy(policyArn);
    const version =
      aws === undefined
        ? await tx.getPolicyVersion(policyArn, versionId)
        : versionId === 'v1'
          ? { policyArn, versionId, document: aws.document, createdAt: record.createdAt }
          : undefined;
    if (version === undefined) throw noSuchVersion(policyArn, versionId);
    return { version, isDefault: record.defaultVersionId === versionId };
  });
}

export function listPolicyVersions(deps: IamDeps, accountId: string, policyArn: string): Promise<VersionView[]> {
  return deps.store.transact(async (tx) => {
    const { record } = await requirePolicy(tx, accountId, policyArn);
    const aws = awsManagedPolicy(policyArn);
    const versions =
      aws === undefined
        ? await tx.listPolicyVersions(policyArn)
        : [{ policyArn, versionId: 'v1', document: aws.document, createdAt: record.createdAt }];
    return versions.map((version) => ({ version, isDefault: version.versionId === record.defaultVersionId }));
  });
}

export async function createPolicyVersion(
  deps: IamDeps,
  accountId: string,
  policyArn: string,
  document: string,
  setAsDefault: boolean,
): Promise<VersionView> {
  checkIdentityPolicy(document);
  checkManagedPolicySize(document);
  return iamWrite(deps, async (tx) => {
    const { record, awsManaged } = await requirePolicy(tx, accountId, policyArn);
    if (awsManaged) throw policyReadOnly(policyArn);
    if ((await tx.listPolicyVersions(policyArn)).length >= MAX_VERSIONS) {
      throw new LimitExceededError(
        `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const now = deps.now().toISOString();
    const number = record.lastVersionNumber + 1;
    const version: PolicyVersionRecord = { policyArn, versionId: `v${number}`, document, createdAt: now };
    await tx.putPolicyVersion(version);
    await tx.putManagedPolicy({
      ...record,
      lastVersionNumber: number,
      updatedAt: now,
      ...(setAsDefault ? { defaultVersionId: version.versionId } : {}),
    });
    return { version, isDefault: setAsDefault };
  });
}

export async function deletePolicyVersion(deps: IamDeps, accountId: string, policyArn: string, versionId: string): Promise<void> {
  checkVersionId(versionId);
  await iamWrite(deps, async (tx) => {
    const { record, awsManaged } = await requirePolicy(tx, accountId, policyArn);
    if (awsManaged) throw policyReadOnly(policyArn);
    if ((await tx.getPolicyVersion(policyArn, versionId)) === undefined) throw noSuchVersion(policyArn, versionId);
    if (record.defaultVersionId === versionId) throw new DeleteConflictError('Cannot delete the default version of a policy.');
    await tx.deletePolicyVersion(policyArn, versionId);
  });
}

export async function setDefaultPolicyVersion(deps: IamDeps, accountId: string, policyArn: string, versionId: string): Promise<void> {
  checkVersionId(versionId);
  await iamWrite(deps, async (tx) => {
    const { record, awsManaged } = await requirePolicy(tx, accountId, policyArn);
    if (awsManaged) throw policyReadOnly(policyArn);
    if ((await tx.getPolicyVersion(policyArn, versionId)) === undefined) throw noSuchVersion(policyArn, versionId);
    await tx.putManagedPolicy({ ...record, defaultVersionId: versionId, updatedAt: deps.now().toISOString() });
  });
}
