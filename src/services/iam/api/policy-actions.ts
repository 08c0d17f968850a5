/** Managed policy and policy version actions. */
import type { IamAction, IamActionTable } from './iam-action.js';
import type { IamDeps } from '../operations/iam-deps.js';
import { listArn } from './iam-resources.js';
import { pageMembers, paginate } from './iam-pagination.js';
import { readBool, readTags } from './iam-params.js';
import { renderPolicy, renderVersion } from './iam-render.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies } from '../operations/managed-policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from '../operations/policy-versions.js';
import { iamArn } from '../../../iam/ids.js';

const byPolicyArn = async ({ params }: { params: { required(name: string): string } }): Promise<string> => params.required('PolicyArn');

/** An action on one version (PolicyArn, VersionId) with an empty result. */
function versionAction(
  iamAction: string,
  op: (deps: IamDeps, accountId: string, policyArn: string, versionId: string) => Promise<unknown>,
): IamAction {
  return {
    iamAction,
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      await op(deps, accountId, params.required('PolicyArn'), params.required('VersionId'));
      return undefined;
    },
  };
}

export const POLICY_ACTIONS: IamActionTable = {
  CreatePolicy: {
    iamAction: 'iam:CreatePolicy',
    resource: async ({ params, accountId }) => iamArn(accountId, 'policy', params.get('Path') ?? '/', params.required('PolicyName')),
    async run({ params, deps, accountId }) {
      const view = await createPolicy(deps, accountId, {
        policyName: params.required('PolicyName'),
        policyDocument: params.required('PolicyDocument'),
        path: params.get('Path'),
        description: params.get('Description'),
        tags: readTags(params),
      });
      // CreatePolicy does not echo the description (as IAM).
      return { Policy: { ...renderPolicy(view.record, 0, true), Description: undefined } };
    },
  },
  GetPolicy: {
    iamAction: 'iam:GetPolicy',
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      const view = await getPolicy(deps, accountId, params.required('PolicyArn'));
      return { Policy: renderPolicy(view.record, view.attachmentCount, true) };
    },
  },
  DeletePolicy: {
    iamAction: 'iam:DeletePolicy',
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      await deletePolicy(deps, accountId, params.required('PolicyArn'));
      return undefined;
    },
  },
  ListPolicies: {
    iamAction: 'iam:ListPolicies',
    resource: async ({ params, accountId }) => listArn(accountId, 'policy', params.get('PathPrefix')),
    async run({ params, deps, accountId }) {
      const views = await listPolicies(deps, accountId, {
        scope: params.get('Scope'),
        onlyAttached: readBool(params, 'OnlyAttached'),
        pathPrefix: params.get('PathPrefix'),
      });
      const page = paginate(views, params);
      return { Policies: page.items.map((v) => renderPolicy(v.record, v.attachmentCount, false)), ...pageMembers(page) };
    },
  },
  GetPolicyVersion: {
    iamAction: 'iam:GetPolicyVersion',
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      const view = await getPolicyVersion(deps, accountId, params.required('PolicyArn'), params.required('VersionId'));
      return { PolicyVersion: renderVersion(view.version, view.isDefault, true) };
    },
  },
  CreatePolicyVersion: {
    iamAction: 'iam:CreatePolicyVersion',
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      const view = await createPolicyVersion(
        deps,
        accountId,
        params.required('PolicyArn'),
        params.required('PolicyDocument'),
        readBool(params, 'SetAsDefault') ?? false,
      );
      return { PolicyVersion: renderVersion(view.version, view.isDefault, false) };
    },
  },
  DeletePolicyVersion: versionAction('iam:DeletePolicyVersion', deletePolicyVersion),
  ListPolicyVersions: {
    iamAction: 'iam:ListPolicyVersions',
    resource: byPolicyArn,
    async run({ params, deps, accountId }) {
      const page = paginate(await listPolicyVersions(deps, accountId, params.required('PolicyArn')), params);
      return { Versions: page.items.map((v) => renderVersion(v.version, v.isDefault, false)), ...pageMembers(page) };
    },
  },
  SetDefaultPolicyVersion: versionAction('iam:SetDefaultPolicyVersion', setDefaultPolicyVersion),
};
