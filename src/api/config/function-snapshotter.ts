/**
 * AWS::Lambda::Function items: `configuration` is what GetFunctionConfiguration returns for $LATEST in AWS
 * Config's member spelling; supplementaryConfiguration carries the function's resource-based Policy, its
 * Tags and its reserved Concurrency as AWS Config's does, plus its EventInvokeConfigs; relationships name the
 * execution role and the layers. Reads the control plane's records inside the recorder's transaction.
 */
import type { StoreTx } from '../../store/store.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import type { ConfigRelationship, ResourceRef, ResourceSnapshot } from '../../services/config/configuration-item.js';
import { LATEST, unqualifiedArn } from '../../control/functions/function-reader.js';
import { openEnvironment } from '../../control/functions/environment-sealing.js';
import { toEventInvokeConfig } from '../../control/event-invoke-configs/event-invoke-config-view.js';
import { epochMs, toConfigShape } from './config-shape.js';

/**
 * What every environment variable's value is recorded as. AWS Config records the values as Lambda returns
 * them, but configuration history is readable by anyone granted `config:Get*` (auditors, security tooling),
 * kept forever, and copied into findings and exports; variable values are where functions keep database
 * passwords and API keys, and lambdabox encrypts them at rest for that reason (DESIGN.md invariants 4, 5).
 * So the names are recorded, which shows a variable was added or removed, and the values never are; that a
 * value changed still shows, through lastModified and revisionId. Security over exactness.
 */
export const REDACTED_VALUE = '*****';

/** Members whose keys are the user's own names, not API members. */
const VERBATIM = new Set(['Variables']);

export class FunctionSnapshotter {
  readonly #keys: KeyService;

  constructor(keys: KeyService) {
    this.#keys = keys;
  }

  async snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined> {
    const fn = await tx.getFunction(ref.accountId, ref.resourceName);
    const version = fn && (await tx.getVersion(ref.accountId, fn.name, LATEST));
    if (fn === undefined || version === undefined) return undefined;
    const names = Object.keys(openEnvironment(this.#keys, version.accountId, version.functionName, version.version, version.envSealed));
    const config: FunctionConfiguration = {
      ...version.config,
      ...(names.length === 0 ? {} : { Environment: { Variables: Object.fromEntries(names.sort().map((n) => [n, REDACTED_VALUE])) } }),
    };
    const configuration = toConfigShape(config, VERBATIM) as Record<string, unknown>;
    // AWS Config's Lambda items wrap the state enums: `"state": {"value": "Active"}`.
    for (const member of ['state', 'stateReason'] as const) {
      const value = configuration[member];
      if (typeof value === 'string') configuration[member] = { value };
    }
    const ctx = { accountId: ref.accountId, region: ref.region };
    const policy = await tx.getResourcePolicy(ref.accountId, 'function', fn.name, '');
    const invokeConfigs = (await tx.listEventInvokeConfigs(ref.accountId, fn.name, undefined, 100)).items;
    const supplementary: Record<string, unknown> = {
      ...(policy === undefined ? {} : { Policy: policy.policy }),
      ...(Object.keys(fn.tags).length === 0 ? {} : { Tags: fn.tags }),
      ...(fn.reservedConcurrency === null ? {} : { Concurrency: { reservedConcurrentExecutions: fn.reservedConcurrency } }),
      ...(invokeConfigs.length === 0 ? {} : { EventInvokeConfigs: invokeConfigs.map((c) => toConfigShape(toEventInvokeConfig(ctx, c))) }),
    };
    return {
      resourceId: fn.name,
      resourceName: fn.name,
      arn: unqualifiedArn(version),
      awsRegion: ref.region,
      ...optionalTime(fn.createdAt),
      configuration,
      supplementaryConfiguration: supplementary,
      relationships: relationships(version.config),
      tags: fn.tags,
    };
  }
}

function optionalTime(iso: string): { resourceCreationTime?: number } {
  const ms = epochMs(iso);
  return ms === undefined ? {} : { resourceCreationTime: ms };
}

// AWS Config's own relationship name, trailing space included.
const ASSOCIATED = 'Is associated with ';

function relationships(config: FunctionConfiguration): ConfigRelationship[] {
  const role = config.Role.slice(config.Role.lastIndexOf('/') + 1);
  return [
    { resourceType: 'AWS::IAM::Role', resourceName: role, relationshipName: ASSOCIATED },
    ...(config.Layers ?? []).map((l) => ({ resourceType: 'AWS::Lambda::LayerVersion', resourceId: l.Arn, relationshipName: ASSOCIATED })),
  ];
}
