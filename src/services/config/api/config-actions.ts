/** Each Config operation this service serves: its request members read from the body, then the operation. */
import type { ConfigCall, ConfigDeps } from '../config-deps.js';
import type { ConfigInput } from './config-input.js';
import { ConfigValidationError } from '../config-errors.js';
import { getResourceConfigHistory } from '../operations/get-resource-config-history.js';
import { listDiscoveredResources } from '../operations/list-discovered-resources.js';
import { batchGetResourceConfig } from '../operations/batch-get-resource-config.js';
import { describeConfigurationRecorderStatus, describeConfigurationRecorders } from '../operations/describe-recorders.js';

export type ConfigAction = (input: ConfigInput, deps: ConfigDeps, call: ConfigCall) => Promise<object>;

function order(value: string | undefined): 'Reverse' | 'Forward' | undefined {
  if (value === undefined || value === 'Reverse' || value === 'Forward') return value;
  throw new ConfigValidationError(
    `1 validation error detected: Value '${value}' at 'chronologicalOrder' failed to satisfy constraint: Member must satisfy enum value set: [Reverse, Forward]`,
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export const CONFIG_ACTIONS: Readonly<Record<string, ConfigAction>> = {
  GetResourceConfigHistory: (input, deps, call) =>
    getResourceConfigHistory(deps, call, {
      resourceType: input.requiredString('resourceType'),
      resourceId: input.requiredString('resourceId'),
      ...optional('laterTime', input.time('laterTime')),
      ...optional('earlierTime', input.time('earlierTime')),
      ...optional('chronologicalOrder', order(input.string('chronologicalOrder'))),
      ...optional('limit', input.integer('limit')),
      ...optional('nextToken', input.string('nextToken')),
    }),
  ListDiscoveredResources: (input, deps, call) =>
    listDiscoveredResources(deps, call, {
      resourceType: input.requiredString('resourceType'),
      ...optional('resourceIds', input.strings('resourceIds')),
      ...optional('resourceName', input.string('resourceName')),
      ...optional('limit', input.integer('limit')),
      ...optional('includeDeletedResources', input.boolean('includeDeletedResources')),
      ...optional('nextToken', input.string('nextToken')),
    }),
  BatchGetResourceConfig: (input, deps, call) =>
    batchGetResourceConfig(
      deps,
      call,
      (input.structures('resourceKeys') ?? []).map((k) => ({ resourceType: k.requiredString('resourceType'), resourceId: k.requiredString('resourceId') })),
    ),
  DescribeConfigurationRecorders: (input, deps, call) => describeConfigurationRecorders(deps, call, input.strings('ConfigurationRecorderNames')),
  DescribeConfigurationRecorderStatus: (input, deps, call) =>
    describeConfigurationRecorderStatus(deps, call, input.strings('ConfigurationRecorderNames')),
};
