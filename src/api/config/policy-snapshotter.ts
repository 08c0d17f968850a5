/**
 * AWS::IAM::Policy items (customer managed policies; AWS managed ones are not the account's resources and
 * AWS Config does not record them): resourceId is the policy id (`ANPA…`), resourceName the policy name;
 * `configuration` is GetPolicy's policy with every version's document URL-encoded, as AWS Config shows it.
 */
import type { StoreTx } from '../../store/store.js';
import type { ResourceRef, ResourceSnapshot } from '../../services/config/configuration-item.js';
import { epochMs, iamTime } from './config-shape.js';
import { IAM_REGION } from './role-snapshotter.js';

export class PolicySnapshotter {
  async snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined> {
    const policy = await tx.getManagedPolicy(ref.resourceName);
    // A change is recorded for the caller's own account only: another account's ARN is never its resource.
    if (policy === undefined || policy.accountId !== ref.accountId) return undefined;
    const versions = await tx.listPolicyVersions(policy.arn);
    const created = epochMs(policy.createdAt);
    return {
      resourceId: policy.policyId,
      resourceName: policy.name,
      arn: policy.arn,
      awsRegion: IAM_REGION,
      ...(created === undefined ? {} : { resourceCreationTime: created }),
      configuration: {
        policyName: policy.name,
        policyId: policy.policyId,
        arn: policy.arn,
        path: policy.path,
        defaultVersionId: policy.defaultVersionId,
        attachmentCount: await tx.countPolicyAttachments(ref.accountId, policy.arn),
        permissionsBoundaryUsageCount: 0,
        isAttachable: true,
        ...(policy.description === undefined ? {} : { description: policy.description }),
        createDate: iamTime(policy.createdAt),
        updateDate: iamTime(policy.updatedAt),
        policyVersionList: versions.map((v) => ({
          document: encodeURIComponent(v.document),
          versionId: v.versionId,
          isDefaultVersion: v.versionId === policy.defaultVersionId,
          createDate: iamTime(v.createdAt),
        })),
      },
      supplementaryConfiguration: {},
      relationships: [],
      tags: policy.tags,
    };
  }
}
