/**
 * The one Authorize implementation every service uses: Caller + AccessRequest + RequestFacts →
 * EvaluationRequest and PolicySet → evaluate() → decision record → allow or AccessDeniedException.
 */
import type { Logger } from 'pino';
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import type { Caller } from '../caller.js';
import type { ContextValue } from '../policy/conditions/context-value.js';
import { denialMessage } from '../policy/denial-message.js';
import { evaluate } from '../policy/evaluate.js';
import type { Decision, EvaluationPrincipal, Policy, PolicySet } from '../policy/evaluation-types.js';
import type { PolicyDocument, PolicyKind } from '../policy/policy-document.js';
import { parsePolicyDocument } from '../policy/policy-document.js';
import type { AccessRequest, RequestFacts } from './access-request.js';
import type { Authorize } from './authorize.js';
import { DECISION_RECORD_VERSION } from './decision-record.js';
import type { DecisionSink } from './decision-sink.js';
import type { PrincipalPolicies, PrincipalPolicySource } from './principal-policies.js';
import type { ResourceTagSource } from './resource-tags.js';
import { isResourceTagKey, resourceTagContext } from './tag-context.js';
import { unsuppliedKeys } from './unsupplied-keys.js';
import { parseArn } from '../../shared/arn/arn.js';
import { DEFAULT_PARTITION, isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export interface AuthorizerOptions {
  readonly policies: PrincipalPolicySource;
  readonly decisions: DecisionSink;
  readonly logger: Logger;
  /**
   * The tags of the resource each request names (`aws:ResourceTag/…`). Without it no request carries
   * resource tags (unit tests of the engine).
   */
  readonly resourceTags?: ResourceTagSource;
  /** Parsed policy texts kept in memory. @default 2000 */
  readonly parsedCacheSize?: number;
}

/** Users and roles carry their tags as `iam:ResourceTag/…` too. */
export function isIamEntityArn(resource: string): boolean {
  const arn = valueOf(parseArn(resource));
  return arn !== undefined && arn.partition !== '' && arn.service === 'iam' && arn.region === '' && isAccountId(arn.accountId) &&
    (arn.resource.startsWith('user/') || arn.resource.startsWith('role/'));
}

/** A document that allows nothing: what an unparseable stored policy counts as (fail closed). */
const EMPTY_DOCUMENT: PolicyDocument = { version: '2012-10-17', statements: [] };

export function evaluationPrincipal(caller: Caller, tags: Readonly<Record<string, string>>): EvaluationPrincipal {
  const common = { arn: caller.arn, accountId: caller.accountId, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
  if (caller.kind === 'root') return { ...common, type: 'Account', userId: caller.userId ?? caller.accountId };
  if (caller.kind === 'assumed-role') {
    return {
      ...common,
      type: 'AssumedRole',
      ...(caller.session?.roleArn === undefined ? {} : { roleArn: caller.session.roleArn }),
      ...(caller.userId === undefined ? {} : { userId: caller.userId }),
    };
  }
  return {
    ...common,
    type: 'User',
    ...(caller.userId === undefined ? {} : { userId: caller.userId }),
    ...(caller.userName === undefined ? {} : { username: caller.userName }),
  };
}

/** The global condition keys the platform supplies for every request (principal keys come from evaluate()). */
export function globalContext(caller: Caller, facts: RequestFacts): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:SourceIp': normalizeIp(facts.sourceIp),
    'aws:CurrentTime': facts.now.toISOString(),
    'aws:EpochTime': Math.floor(facts.now.getTime() / 1000),
    'aws:SecureTransport': facts.secureTransport,
    'aws:RequestedRegion': facts.region,
    // Every request lambdabox authorizes is made by a principal directly, never by or through an AWS service.
    'aws:ViaAWSService': false,
    'aws:PrincipalIsAWSService': false,
  };
  // AWS sets aws:TokenIssueTime for temporary credentials only; it is how a policy revokes older sessions.
  if (caller.session !== undefined) context['aws:TokenIssueTime'] = isoSeconds(caller.session.issuedAt);
  const sourceFunctionArn = caller.session?.sourceFunctionArn;
  if (sourceFunctionArn !== undefined) context['lambda:SourceFunctionArn'] = sourceFunctionArn;
  return context;
}

/** `2024-05-01T12:00:00Z`: STS's whole-second form of a time. */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Node reports IPv4 clients of a dual-stack socket as `::ffff:a.b.c.d`; policies name the IPv4 form. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export class Authorizer implements Authorize {
  readonly #policies: PrincipalPolicySource;
  readonly #decisions: DecisionSink;
  readonly #logger: Logger;
  readonly #resourceTags: ResourceTagSource | undefined;
  readonly #parsed = new Map<string, PolicyDocument>();
  readonly #cacheSize: number;

  constructor(options: AuthorizerOptions) {
    this.#policies = options.policies;
    this.#decisions = options.decisions;
    this.#logger = options.logger;
    this.#resourceTags = options.resourceTags;
    this.#cacheSize = options.parsedCacheSize ?? 2000;
  }

  async authorize(caller: Caller, request: AccessRequest, facts: RequestFacts): Promise<Decision> {
    const decision = await this.explain(caller, request, facts);
    this.#decisions.record({
      v: DECISION_RECORD_VERSION,
      time: facts.now.toISOString(),
      requestId: facts.requestId,
      principal: caller.arn,
      principalAccount: caller.accountId,
      action: request.action,
      resource: request.resource,
      resourceAccount: request.resourceAccountId,
      decision: decision.decision,
      ...(decision.deciding === undefined ? {} : { deciding: decision.deciding }),
      ...(decision.deniedBy === undefined ? {} : { deniedBy: decision.deniedBy }),
      reason: decision.reason,
      sourceIp: normalizeIp(facts.sourceIp),
    });
    if (decision.decision !== 'Allowed') {
      const policyArn = managedPolicyArn(decision.deciding?.policy);
      throw new AccessDeniedError(
        denialMessage(caller.arn, request.action, request.resource, decision, policyArn === undefined ? {} : { policyArn }),
      );
    }
    return decision;
  }

  async explain(caller: Caller, request: AccessRequest, facts: RequestFacts): Promise<Decision> {
    // Root's identity policies are never consulted (only explicit denies in resource policies stop it).
    const own: PrincipalPolicies =
      caller.kind === 'root' ? { identity: [], tags: {} } : await this.#policies.policiesFor(caller);
    const tags = { ...own.tags, ...(caller.session?.tags ?? {}) };
    const policySet: PolicySet = {
      identity: own.identity,
      ...(own.permissionsBoundary === undefined ? {} : { permissionsBoundary: own.permissionsBoundary }),
      ...(request.resourcePolicy === undefined
        ? {}
        : { resource: { id: `resource:${request.resource}`, document: this.#parse(request.resourcePolicy, 'resource') } }),
      ...this.#sessionPolicies(caller),
    };
    const unknownKeys = [...unsuppliedKeys(request.action), ...(request.unknownKeys ?? [])];
    return evaluate(
      {
        principal: evaluationPrincipal(caller, tags),
        action: request.action,
        resource: request.resource,
        resourceAccountId: request.resourceAccountId,
        context: { ...(await this.#requestContext(request, facts.region)), ...globalContext(caller, facts) },
        ...(unknownKeys.length === 0 ? {} : { unknownKeys }),
      },
      policySet,
    );
  }

  /**
   * An AWS service acting on its own (a CloudWatch alarm invoking a function, …): only the resource policy
   * can allow it, as in AWS, with the keys AWS sets for service principals (aws:SourceArn, aws:SourceAccount,
   * aws:PrincipalIsAWSService, aws:PrincipalServiceName). Recorded like every decision; rejects when denied.
   */
  async authorizeService(
    service: { readonly principal: string; readonly sourceArn: string; readonly sourceAccount: string },
    request: AccessRequest,
    facts: RequestFacts,
  ): Promise<Decision> {
    const unknownKeys = [...unsuppliedKeys(request.action), ...(request.unknownKeys ?? [])];
    const decision = evaluate(
      {
        principal: { arn: service.principal, accountId: '', type: 'Service' },
        action: request.action,
        resource: request.resource,
        resourceAccountId: request.resourceAccountId,
        context: {
          ...(await this.#requestContext(request, facts.region)),
          'aws:SourceArn': service.sourceArn,
          'aws:SourceAccount': service.sourceAccount,
          'aws:CurrentTime': facts.now.toISOString(),
          'aws:EpochTime': Math.floor(facts.now.getTime() / 1000),
          'aws:SecureTransport': facts.secureTransport,
          'aws:RequestedRegion': facts.region,
          'aws:ViaAWSService': false,
          'aws:PrincipalIsAWSService': true,
          'aws:PrincipalServiceName': service.principal,
        },
        ...(unknownKeys.length === 0 ? {} : { unknownKeys }),
      },
      {
        identity: [],
        ...(request.resourcePolicy === undefined
          ? {}
          : { resource: { id: `resource:${request.resource}`, document: this.#parse(request.resourcePolicy, 'resource') } }),
      },
    );
    this.#decisions.record({
      v: DECISION_RECORD_VERSION,
      time: facts.now.toISOString(),
      requestId: facts.requestId,
      principal: service.principal,
      principalAccount: '',
      action: request.action,
      resource: request.resource,
      resourceAccount: request.resourceAccountId,
      decision: decision.decision,
      ...(decision.deciding === undefined ? {} : { deciding: decision.deciding }),
      ...(decision.deniedBy === undefined ? {} : { deniedBy: decision.deniedBy }),
      reason: decision.reason,
      sourceIp: '',
    });
    if (decision.decision !== 'Allowed') {
      throw new AccessDeniedError(denialMessage(service.principal, request.action, request.resource, decision, {}));
    }
    return decision;
  }

  /**
   * The service's keys, the resource's account, and the resource's tags as they are now. With a tag source,
   * resource-tag keys come from it alone: the tags of the resource the ARN names, whatever a service passed.
   */
  async #requestContext(request: AccessRequest, region: string): Promise<Record<string, ContextValue>> {
    const given = request.context ?? {};
    const context: Record<string, ContextValue> = {};
    for (const [key, value] of Object.entries(given)) if (this.#resourceTags === undefined || !isResourceTagKey(key)) context[key] = value;
    if (request.resource !== '*') context['aws:ResourceAccount'] = request.resourceAccountId;
    const tags = await this.#resourceTags?.tagsOf(request.resource, region);
    if (tags === undefined) return context;
    return { ...context, ...resourceTagContext(tags, isIamEntityArn(request.resource)) };
  }

  #sessionPolicies(caller: Caller): { sessionPolicies?: Policy[] } {
    const texts = caller.session?.sessionPolicies;
    if (texts === undefined || texts.length === 0) return {};
    return { sessionPolicies: texts.map((text, i) => ({ id: `session:${i}`, document: this.#parse(text, 'identity') })) };
  }

  #parse(text: string, kind: PolicyKind): PolicyDocument {
    const key = `${kind}\n${text}`;
    const cached = this.#parsed.get(key);
    if (cached !== undefined) return cached;
    const parsed = parsePolicyDocument(text, kind);
    let document: PolicyDocument;
    if (parsed.ok) document = parsed.document;
    else {
      this.#logger.warn({ kind, message: parsed.message }, 'a stored policy does not parse; it allows nothing');
      document = EMPTY_DOCUMENT;
    }
    if (this.#parsed.size >= this.#cacheSize) {
      const oldest = this.#parsed.keys().next();
      if (oldest.done !== true) this.#parsed.delete(oldest.value);
    }
    this.#parsed.set(key, document);
    return document;
  }
}

// Explicit denies by a managed policy name it in the message (AWS's enhanced access-denied messages); inline
// policies have no ARN, and their ids here are not ARNs of type policy.
export function managedPolicyArn(policyId: string | undefined): string | undefined {
  const arn = policyId === undefined ? undefined : valueOf(parseArn(policyId));
  const managed = arn !== undefined && arn.partition === DEFAULT_PARTITION && arn.service === 'iam' && arn.region === '' &&
    (arn.accountId === 'aws' || isAccountId(arn.accountId)) && arn.resource.startsWith('policy/');
  return managed ? policyId : undefined;
}
