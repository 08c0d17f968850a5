/**
 * AWS::IAM::Role items: resourceId is the role id (`AROA…`) and resourceName the role name, as AWS Config
 * records roles; `configuration` is GetRole's role with its inline and attached policies, policy documents
 * URL-encoded as IAM returns them; awsRegion is `global`. Customer managed policies it has attached are
 * related resources.
 */
import type { StoreTx } from '../../store/store.js';
import type { ConfigRelationship, ResourceRef, ResourceSnapshot } from '../../services/config/configuration-item.js';
import { epochMs, iamTime } from './config-shape.js';

export const IAM_REGION = 'global';

export class RoleSnapshotter {
  async snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined> {
    const role = await tx.getRole(ref.accountId, ref.resourceName);
    if (role === undefined) return undefined;
    const attached = await tx.listAttachedPolicies(ref.accountId, 'role', role.name);
    const inline = await tx.listInlinePolicies(ref.accountId, 'role', role.name);
    const relationships: ConfigRelationship[] = [];
    for (const policyArn of attached) {
      const customer = await tx.getManagedPolicy(policyArn);
      if (customer !== undefined) {
        relationships.push({
          resourceType: 'AWS::IAM::Policy',
          resourceId: customer.policyId,
          resourceName: customer.name,
          relationshipName: 'Is attached to CustomerManagedPolicy',
        });
      }
    }
    const tags = Object.entries(role.tags).map(([key, value]) => ({ key, value }));
    const created = epochMs(role.createdAt);
    return {
      resourceId: role.roleId,
      resourceName: role.name,
      arn: role.arn,
      awsRegion: IAM_REGION,
      ...(created === undefined ? {} : { resourceCreationTime: created }),
      configuration: {
        path: role.path,
        roleName: role.name,
        roleId: role.roleId,
        arn: role.arn,
        createDate: iamTime(role.createdAt),
        assumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicy),
        ...(role.description === undefined ? {} : { description: role.description }),
        maxSessionDuration: role.maxSessionDuration,
        instanceProfileList: [],
        rolePolicyList: inline.map((p) => ({ policyName: p.policyName, policyDocument: encodeURIComponent(p.document) })),
        attachedManagedPolicies: attached.map((arn) => ({ policyName: arn.slice(arn.lastIndexOf('/') + 1), policyArn: arn })),
        permissionsBoundary:
          role.permissionsBoundaryArn === undefined ? null : { permissionsBoundaryType: 'Policy', permissionsBoundaryArn: role.permissionsBoundaryArn },
        tags,
      },
      supplementaryConfiguration: {},
      relationships,
      tags: role.tags,
    };
  }
}
