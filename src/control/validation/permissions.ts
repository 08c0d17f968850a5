/** AddPermission and AddLayerVersionPermission bodies, the StatementId path member (botocore model shapes). */
import { awsPattern, present, ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

const STATEMENT_ID = awsPattern('([a-zA-Z0-9-_]+)');
const REMOVE_STATEMENT_ID = awsPattern('([a-zA-Z0-9-_.]+)');
const ACTION = awsPattern('(lambda:[*]|lambda:[a-zA-Z]+|[*])');
const PRINCIPAL = awsPattern('[^\\s]+');
const SOURCE_ARN = awsPattern('arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)');
const SOURCE_ACCOUNT = awsPattern('\\d{12}');
const EVENT_SOURCE_TOKEN = awsPattern('[a-zA-Z0-9._\\-]+');
const PRINCIPAL_ORG_ID = awsPattern('^o-[a-z0-9]{10,32}$');
const LAYER_ACTION = awsPattern('lambda:GetLayerVersion');
const LAYER_PRINCIPAL = awsPattern('\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root');
const ORGANIZATION_ID = awsPattern('o-[a-z0-9]{10,32}');

export type FunctionUrlAuthType = 'NONE' | 'AWS_IAM';

export interface AddPermissionInput {
  readonly StatementId: string;
  readonly Action: string;
  readonly Principal: string;
  readonly SourceArn?: string;
  readonly SourceAccount?: string;
  readonly EventSourceToken?: string;
  readonly RevisionId?: string;
  readonly PrincipalOrgID?: string;
  readonly FunctionUrlAuthType?: FunctionUrlAuthType;
}

const addMembers = {
  StatementId: wire.string(),
  Action: wire.string(),
  Principal: wire.string(),
  SourceArn: wire.string(),
  SourceAccount: wire.string(),
  EventSourceToken: wire.string(),
  RevisionId: wire.string(),
  PrincipalOrgID: wire.string(),
  FunctionUrlAuthType: wire.string(),
};

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function parseAddPermissionInput(body: unknown): AddPermissionInput {
  const input = decodeBody(addMembers, body);
  const v = new ViolationList();
  if (v.required('statementId', input.StatementId)) v.string('statementId', input.StatementId, { min: 1, max: 100, pattern: STATEMENT_ID });
  if (v.required('action', input.Action)) v.string('action', input.Action, { pattern: ACTION });
  if (v.required('principal', input.Principal)) v.string('principal', input.Principal, { pattern: PRINCIPAL });
  v.string('sourceArn', input.SourceArn, { pattern: SOURCE_ARN });
  v.string('sourceAccount', input.SourceAccount, { max: 12, pattern: SOURCE_ACCOUNT });
  v.string('eventSourceToken', input.EventSourceToken, { min: 0, max: 256, pattern: EVENT_SOURCE_TOKEN });
  v.string('principalOrgID', input.PrincipalOrgID, { min: 12, max: 34, pattern: PRINCIPAL_ORG_ID });
  v.enumValue('functionUrlAuthType', input.FunctionUrlAuthType, ['NONE', 'AWS_IAM']);
  v.throwIfAny();
  return defined({
    StatementId: present(input.StatementId, 'statementId'),
    Action: present(input.Action, 'action'),
    Principal: present(input.Principal, 'principal'),
    SourceArn: input.SourceArn,
    SourceAccount: input.SourceAccount,
    EventSourceToken: input.EventSourceToken,
    RevisionId: input.RevisionId,
    PrincipalOrgID: input.PrincipalOrgID,
    FunctionUrlAuthType: input.FunctionUrlAuthType as FunctionUrlAuthType | undefined,
  });
}

export interface AddLayerVersionPermissionInput {
  readonly StatementId: string;
  readonly Action: string;
  readonly Principal: string;
  readonly OrganizationId?: string;
}

const layerMembers = { StatementId: wire.string(), Action: wire.string(), Principal: wire.string(), OrganizationId: wire.string() };

export function parseAddLayerVersionPermissionInput(body: unknown): AddLayerVersionPermissionInput {
  const input = decodeBody(layerMembers, body);
  const v = new ViolationList();
  if (v.required('statementId', input.StatementId)) v.string('statementId', input.StatementId, { min: 1, max: 100, pattern: STATEMENT_ID });
  if (v.required('action', input.Action)) v.string('action', input.Action, { max: 22, pattern: LAYER_ACTION });
  if (v.required('principal', input.Principal)) v.string('principal', input.Principal, { pattern: LAYER_PRINCIPAL });
  v.string('organizationId', input.OrganizationId, { max: 34, pattern: ORGANIZATION_ID });
  v.throwIfAny();
  return defined({
    StatementId: present(input.StatementId, 'statementId'),
    Action: present(input.Action, 'action'),
    Principal: present(input.Principal, 'principal'),
    OrganizationId: input.OrganizationId,
  });
}

/** The `{StatementId}` path member of RemovePermission (which, unlike AddPermission's, allows dots). */
export function parseRemoveStatementId(raw: string, layer = false): string {
  const v = new ViolationList();
  v.string('statementId', raw, { min: 1, max: 100, pattern: layer ? STATEMENT_ID : REMOVE_STATEMENT_ID });
  v.throwIfAny();
  return raw;
}
