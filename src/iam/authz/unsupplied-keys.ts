/**
 * Condition keys the Service Authorization Reference documents for an action lambdabox serves but
 * lambdabox cannot supply. The authorizer declares them unknown for that action (EvaluationRequest.unknownKeys):
 * a Deny conditioned on one applies, an Allow conditioned on one does not. Without this a missing key would
 * silently turn such a Deny into an allow.
 *
 * Audit of the actions served (SAR, Lambda / SQS / IAM / STS), key by key (kept honest by
 * test/iam/authz/condition-key-audit.test.ts, which lists every served action's documented keys):
 * - Supplied by the authorizer for every request: `aws:ResourceTag/*` (functions, including their versions and
 *   aliases; queues; users and roles, also as `iam:ResourceTag/*`; customer managed policies), and the global
 *   keys of `globalContext`.
 * - Supplied by the service from the request: `aws:RequestTag/*` and `aws:TagKeys` (CreateFunction, TagResource,
 *   UntagResource; CreateQueue, TagQueue, UntagQueue; CreateUser, CreateRole, CreatePolicy, TagUser, TagRole,
 *   UntagUser, UntagRole; AssumeRole / TagSession); `lambda:Layer`, `lambda:SubnetIds`, `lambda:SecurityGroupIds`,
 *   `lambda:CodeSigningConfigArn` (CreateFunction, UpdateFunctionConfiguration); `lambda:Principal` and
 *   `lambda:FunctionUrlAuthType` (AddPermission); `iam:PassedToService` (PassRole); `iam:PermissionsBoundary`
 *   and `iam:PolicyARN` (IAM, api/iam/iam-conditions.ts); `sts:RoleSessionName`, `sts:ExternalId`,
 *   `sts:SourceIdentity`, `sts:TransitiveTagKeys` (AssumeRole).
 * - Never present in a lambdabox request, so absent is the truthful value AWS would also give: `lambda:EventSourceToken`
 *   and `lambda:InvokedViaFunctionUrl` (no Alexa sources, no function URLs), `iam:RoleTemplateARN` (no role
 *   templates), the identity-provider keys of AssumeRole (`saml:*`, `accounts.google.com:*`, … — no federated sessions).
 * - Depends on the request: `lambda:VpcIds` (AWS derives it from the subnets; unknown when subnets are given,
 *   declared by that check, api/lambda/function-iam.ts).
 * - Not supplied, listed here.
 */
const UNSUPPLIED: Readonly<Record<string, readonly string[]>> = {
  // The principal and auth type of the statement being removed: the spec sees only the statement id.
  'lambda:removepermission': ['lambda:Principal', 'lambda:FunctionUrlAuthType'],
  // The resource the role is passed for; which ARN AWS Lambda would give here is not documented.
  'iam:passrole': ['iam:AssociatedResourceArn'],
  // Trails keep their tags, but the authorizer's tag source does not read them yet: a Deny on a trail's tag
  // applies, an Allow on one does not.
  ...Object.fromEntries(
    ['addtags', 'removetags', 'listtags', 'createtrail', 'deletetrail', 'updatetrail', 'gettrail', 'gettrailstatus', 'startlogging', 'stoplogging',
      'puteventselectors', 'geteventselectors'].map((a) => [`cloudtrail:${a}`, ['aws:ResourceTag/']]),
  ),
  // Log groups keep their tags, but the authorizer's tag source does not read them: as for trails, a Deny on a
  // group's tag applies, an Allow on one does not (services/logs/store/logs-tables.ts).
  ...Object.fromEntries(
    ['createlogstream', 'deletelogstream', 'deleteloggroup', 'describelogstreams', 'putlogevents', 'getlogevents', 'filterlogevents',
      'putretentionpolicy', 'deleteretentionpolicy', 'associatekmskey', 'disassociatekmskey', 'tagresource', 'untagresource',
      'listtagsforresource', 'tagloggroup', 'untagloggroup', 'listtagsloggroup'].map((a) => [`logs:${a}`, ['aws:ResourceTag/']]),
  ),
  // Alarms keep their tags, but the authorizer's tag source does not read them: a Deny on an alarm's tag applies,
  // an Allow on one does not.
  ...Object.fromEntries(
    ['putmetricalarm', 'describealarms', 'describealarmhistory', 'setalarmstate', 'deletealarms', 'enablealarmactions', 'disablealarmactions',
      'tagresource', 'untagresource', 'listtagsforresource'].map((a) => [`cloudwatch:${a}`, ['aws:ResourceTag/']]),
  ),
};

export function unsuppliedKeys(action: string): readonly string[] {
  return UNSUPPLIED[action.toLowerCase()] ?? [];
}
