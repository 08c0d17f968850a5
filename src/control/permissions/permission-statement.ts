/**
 * AddPermission's statement, shaped as Lambda writes it: the Principal becomes `{"AWS":"arn:aws:iam::<id>:root"}`
 * for an account id, `{"AWS":<arn>}` for an IAM ARN, `{"Service":…}` for a service principal and `"*"` for
 * everyone; SourceArn/SourceAccount/PrincipalOrgID/EventSourceToken/FunctionUrlAuthType become conditions.
 */
import type { AddPermissionInput } from '../validation/permissions.js';
import type { ResourceStatement } from './policy-document.js';

export function principalElement(principal: string): ResourceStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

export function permissionStatement(input: AddPermissionInput, resourceArn: string): ResourceStatement {
  const condition: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: string | undefined): void => {
    if (value === undefined) return;
    condition[operator] = { ...(condition[operator] ?? {}), [key]: value };
  };
  add('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
  add('StringEquals', 'lambda:EventSourceToken', input.EventSourceToken);
  add('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
  add('ArnLike', 'AWS:SourceArn', input.SourceArn);
  return {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principalElement(input.Principal),
    Action: input.Action,
    Resource: resourceArn,
    ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
  };
}
