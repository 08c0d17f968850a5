import { z } from 'zod';

// Parses and validates IAM policy documents the way IAM does, returning IAM's MalformedPolicyDocument messages.

export type PolicyKind = 'identity' | 'resource';

export type PrincipalSpec = '*' | Readonly<Record<string, readonly string[]>>;

export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly conditions: readonly ConditionEntry[];
}

export interface PolicyDocument {
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; message: string };

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const principalSchema = z.union([z.literal('*'), z.record(z.string(), stringOrList)]);

const statementSchema = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Principal: principalSchema.optional(),
  NotPrincipal: principalSchema.optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.union([scalar, z.array(scalar)]))).optional(),
});

const documentSchema = z.strictObject({
  Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
  Id: z.string().optional(),
  Statement: z.union([statementSchema, z.array(statementSchema).min(1)]),
});

type RawStatement = z.infer<typeof statementSchema>;

const SYNTAX_ERROR = 'Syntax errors in policy.';

function list(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

function principal(value: z.infer<typeof principalSchema> | undefined): PrincipalSpec | undefined {
  if (value === undefined || value === '*') return value;
  const out: Record<string, readonly string[]> = {};
  for (const [type, ids] of Object.entries(value)) out[type] = typeof ids === 'string' ? [ids] : ids;
  return out;
}

function statementProblem(raw: RawStatement, kind: PolicyKind): string | undefined {
  if (raw.Action !== undefined && raw.NotAction !== undefined) return SYNTAX_ERROR;
  if (raw.Resource !== undefined && raw.NotResource !== undefined) return SYNTAX_ERROR;
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) return SYNTAX_ERROR;
  if (raw.Action === undefined && raw.NotAction === undefined) return 'Policy statement must contain actions.';
  const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
  if (kind === 'identity') {
    if (hasPrincipal) return 'Policy document should not specify a principal.';
    if (raw.Resource === undefined && raw.NotResource === undefined) return 'Policy statement must contain resources.';
  } else if (!hasPrincipal) {
    return 'Missing required field Principal.';
  }
  return undefined;
}

function toStatement(raw: RawStatement): PolicyStatement {
  const conditions: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(raw.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      conditions.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map(String) });
    }
  }
  const statement: {
    -readonly [K in keyof PolicyStatement]: PolicyStatement[K];
  } = { effect: raw.Effect, conditions };
  if (raw.Sid !== undefined) statement.sid = raw.Sid;
  const action = list(raw.Action);
  if (action !== undefined) statement.action = action;
  const notAction = list(raw.NotAction);
  if (notAction !== undefined) statement.notAction = notAction;
  const resource = list(raw.Resource);
  if (resource !== undefined) statement.resource = resource;
  const notResource = list(raw.NotResource);
  if (notResource !== undefined) statement.notResource = notResource;
  const p = principal(raw.Principal);
  if (p !== undefined) statement.principal = p;
  const np = principal(raw.NotPrincipal);
  if (np !== undefined) statement.notPrincipal = np;
  return statement;
}

export function parsePolicyDocument(input: string | unknown, kind: PolicyKind): ParseResult {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      return { ok: false, message: SYNTAX_ERROR };
    }
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: SYNTAX_ERROR };
  const rawStatements = Array.isArray(parsed.data.Statement) ? parsed.data.Statement : [parsed.data.Statement];
  for (const raw of rawStatements) {
    const problem = statementProblem(raw, kind);
    if (problem !== undefined) return { ok: false, message: problem };
  }
  // A document without Version is the 2008 language: policy variables stay literal text.
  const document: { -readonly [K in keyof PolicyDocument]: PolicyDocument[K] } = {
    version: parsed.data.Version ?? '2008-10-17',
    statements: rawStatements.map(toStatement),
  };
  if (parsed.data.Id !== undefined) document.id = parsed.data.Id;
  return { ok: true, document };
}
