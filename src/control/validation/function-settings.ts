/**
 * The configuration members CreateFunction and UpdateFunctionConfiguration share: their wire
 * schema, their model checks (ValidationException) and their service checks (InvalidParameterValue).
 * Limits follow the Debian awscli model for MemorySize (128-10240) and lambdabox's 900 s Timeout
 * cap; the current AWS model allows more only for Lambda Managed Instances, which lambdabox lacks.
 */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import type { ValidationContext } from './context.js';
import { checkEnvironmentRules, checkEnvironmentShape } from './environment.js';
import { parseLayerVersionArn, type LayerVersionRef } from './layer-arn.js';
import * as P from './patterns.js';
import {
  matchesPattern,
  maxLength,
  membersSatisfy,
  minLength,
  notNull,
  type StringPattern,
  type ViolationList,
} from './violations.js';
import { wire } from './wire.js';

export const MEMORY_SIZE = { min: 128, max: 10240 } as const;
export const TIMEOUT = { min: 1, max: 900 } as const;
export const EPHEMERAL_STORAGE = { min: 512, max: 10240 } as const;
/** [LS test_layer_function_quota_exception] */
export const MAX_LAYERS = 5;

export const TRACING_MODES = ['Active', 'PassThrough'] as const;
export const LOG_FORMATS = ['JSON', 'Text'] as const;
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export const SNAP_START_APPLY_ON = ['PublishedVersions', 'None'] as const;
export const ARCHITECTURES = ['x86_64', 'arm64'] as const;

export type TracingMode = (typeof TRACING_MODES)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
export type ApplicationLogLevel = (typeof APPLICATION_LOG_LEVELS)[number];
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];
export type SnapStartApplyOn = (typeof SNAP_START_APPLY_ON)[number];

export interface LoggingConfigInput {
  LogFormat?: LogFormat;
  ApplicationLogLevel?: ApplicationLogLevel;
  SystemLogLevel?: SystemLogLevel;
  LogGroup?: string;
}

export interface VpcConfigInput {
  SubnetIds: string[];
  SecurityGroupIds: string[];
  Ipv6AllowedForDualStack?: boolean;
}

const stringList = () => wire.list(wire.stringItem());

export const settingsMembers = {
  Role: wire.string(),
  Runtime: wire.string(),
  Handler: wire.string(),
  Description: wire.string(),
  Timeout: wire.integer(),
  MemorySize: wire.integer(),
  Environment: wire.struct({ Variables: wire.map(wire.stringItem()) }),
  KMSKeyArn: wire.string(),
  TracingConfig: wire.struct({ Mode: wire.string() }),
  DeadLetterConfig: wire.struct({ TargetArn: wire.string() }),
  Layers: stringList(),
  VpcConfig: wire.struct({
    SubnetIds: stringList(),
    SecurityGroupIds: stringList(),
    Ipv6AllowedForDualStack: wire.boolean(),
  }),
  EphemeralStorage: wire.struct({ Size: wire.integer() }),
  LoggingConfig: wire.struct({
    LogFormat: wire.string(),
    ApplicationLogLevel: wire.string(),
    SystemLogLevel: wire.string(),
    LogGroup: wire.string(),
  }),
  SnapStart: wire.struct({ ApplyOn: wire.string() }),
  FileSystemConfigs: wire.list(wire.struct({ Arn: wire.string(), LocalMountPath: wire.string() })),
  ImageConfig: wire.struct({ EntryPoint: stringList(), Command: stringList(), WorkingDirectory: wire.string() }),
};

type Maybe<T> = T | undefined;
type List = Maybe<readonly (string | null)[]>;

/** The decoded (wire-typed) shared members. */
export interface WireSettings {
  readonly Role?: Maybe<string>;
  readonly Runtime?: Maybe<string>;
  readonly Handler?: Maybe<string>;
  readonly Description?: Maybe<string>;
  readonly Timeout?: Maybe<number>;
  readonly MemorySize?: Maybe<number>;
  readonly Environment?: Maybe<{ readonly Variables?: Maybe<Readonly<Record<string, string | null>>> }>;
  readonly KMSKeyArn?: Maybe<string>;
  readonly TracingConfig?: Maybe<{ readonly Mode?: Maybe<string> }>;
  readonly DeadLetterConfig?: Maybe<{ readonly TargetArn?: Maybe<string> }>;
  readonly Layers?: List;
  readonly VpcConfig?: Maybe<{ readonly SubnetIds?: List; readonly SecurityGroupIds?: List; readonly Ipv6AllowedForDualStack?: Maybe<boolean> }>;
  readonly EphemeralStorage?: Maybe<{ readonly Size?: Maybe<number> }>;
  readonly LoggingConfig?: Maybe<{
    readonly LogFormat?: Maybe<string>;
    readonly ApplicationLogLevel?: Maybe<string>;
    readonly SystemLogLevel?: Maybe<string>;
    readonly LogGroup?: Maybe<string>;
  }>;
  readonly SnapStart?: Maybe<{ readonly ApplyOn?: Maybe<string> }>;
  readonly FileSystemConfigs?: Maybe<readonly Maybe<{ readonly Arn?: Maybe<string>; readonly LocalMountPath?: Maybe<string> }>[]>;
}

const LAYER_MEMBER = [maxLength(2048), minLength(1), matchesPattern(P.LAYER_VERSION_ARN.source), notNull];

function checkIdList(field: string, ids: List, maxItems: number, pattern: StringPattern, v: ViolationList): void {
  if (ids === undefined) return;
  if (ids.length > maxItems) v.add(field, ids, maxLength(maxItems));
  if (ids.some((id) => id === null || id.length > 1024 || !pattern.regex.test(id))) {
    // [LS invalid_vpc_config_subnet/create-response-invalid-format-subnet-id]: no not-null here.
    v.add(field, ids, membersSatisfy([maxLength(1024), minLength(0), matchesPattern(pattern.source)]));
  }
}

/** Model checks of the shared members, in model member order. */
export function checkSettingsShape(s: WireSettings, v: ViolationList): void {
  v.string('role', s.Role, { pattern: P.ROLE_ARN });
  v.string('handler', s.Handler, { max: 128, pattern: P.HANDLER });
  v.string('description', s.Description, { max: 256 });
  v.integer('timeout', s.Timeout, TIMEOUT.min, TIMEOUT.max);
  v.integer('memorySize', s.MemorySize, MEMORY_SIZE.min, MEMORY_SIZE.max);
  checkIdList('vpcConfig.subnetIds', s.VpcConfig?.SubnetIds, 16, P.SUBNET_ID, v);
  checkIdList('vpcConfig.securityGroupIds', s.VpcConfig?.SecurityGroupIds, 5, P.SECURITY_GROUP_ID, v);
  checkEnvironmentShape(s.Environment?.Variables, v);
  v.string('kMSKeyArn', s.KMSKeyArn, { pattern: P.KMS_KEY_ARN });
  v.enumValue('tracingConfig.mode', s.TracingConfig?.Mode, TRACING_MODES);
  v.string('deadLetterConfig.targetArn', s.DeadLetterConfig?.TargetArn, { pattern: P.RESOURCE_ARN });
  const layers = s.Layers;
  if (layers?.some((l) => l === null || l.length > 2048 || l.length < 1 || !P.LAYER_VERSION_ARN.regex.test(l))) {
    // [LS layer_function_exceptions/add_layer_arn_without_version_exc]
    v.add('layers', layers, membersSatisfy(LAYER_MEMBER));
  }
  const fsConfigs = s.FileSystemConfigs;
  if (fsConfigs !== undefined && fsConfigs.length > 1) v.add('fileSystemConfigs', fsConfigs, maxLength(1));
  fsConfigs?.forEach((fs, i) => {
    const at = `fileSystemConfigs.${i + 1}.member`;
    if (v.required(`${at}.arn`, fs?.Arn)) v.string(`${at}.arn`, fs?.Arn, { max: 200, pattern: P.FILE_SYSTEM_ARN });
    if (v.required(`${at}.localMountPath`, fs?.LocalMountPath)) {
      v.string(`${at}.localMountPath`, fs?.LocalMountPath, { max: 160, pattern: P.LOCAL_MOUNT_PATH });
    }
  });
  const storage = s.EphemeralStorage;
  if (storage !== undefined && v.required('ephemeralStorage.size', storage.Size)) {
    v.integer('ephemeralStorage.size', storage.Size, EPHEMERAL_STORAGE.min, EPHEMERAL_STORAGE.max);
  }
  v.enumValue('snapStart.applyOn', s.SnapStart?.ApplyOn, SNAP_START_APPLY_ON); // [LS create_function_invalid_snapstart_apply]
  const logging = s.LoggingConfig;
  v.enumValue('loggingConfig.logFormat', logging?.LogFormat, LOG_FORMATS);
  v.enumValue('loggingConfig.applicationLogLevel', logging?.ApplicationLogLevel, APPLICATION_LOG_LEVELS);
  v.enumValue('loggingConfig.systemLogLevel', logging?.SystemLogLevel, SYSTEM_LOG_LEVELS);
  v.string('loggingConfig.logGroup', logging?.LogGroup, { min: 1, max: 512, pattern: P.LOG_GROUP });
}

/** Function `Layers` rules that need no store; the services check that each version exists. */
export function checkLayerRules(layers: readonly string[], ctx: ValidationContext): LayerVersionRef[] {
  if (layers.length > MAX_LAYERS) throw new InvalidParameterValueError('Cannot reference more than 5 layers.');
  const seen = new Map<string, string>();
  return layers.map((arn) => {
    const ref = parseLayerVersionArn(arn, 'layers', 2048);
    if (ref.accountId === ctx.accountId && ref.region !== ctx.region) {
      // [LS create_function_with_layer_in_different_region]
      throw new InvalidParameterValueError(
        `Layers are not in the same region as the function. Layers are expected to be in region ${ctx.region}.`,
      );
    }
    const unversioned = arn.slice(0, arn.lastIndexOf(':'));
    const earlier = seen.get(unversioned);
    if (earlier !== undefined) {
      // [LS two_layer_versions_single_function_exc, two_identical_layer_versions_single_function_exc]
      throw new InvalidParameterValueError(
        'Two different versions of the same layer are not allowed to be referenced in the same function. ' +
          `${earlier} and ${arn} are versions of the same layer.`,
      );
    }
    seen.set(unversioned, arn);
    return ref;
  });
}

/** Service checks of the shared members that need no store, after the model checks passed. */
export function checkSettingsRules(s: WireSettings, runtime: string | undefined, ctx: ValidationContext): void {
  const variables = s.Environment?.Variables;
  if (variables !== undefined) checkEnvironmentRules(Object.fromEntries(Object.entries(variables).filter(isDefined)));
  if (s.Layers !== undefined) checkLayerRules(s.Layers.filter((l): l is string => l !== null), ctx);
  const logging = s.LoggingConfig;
  if (logging?.LogFormat === 'Text' && (logging.ApplicationLogLevel !== undefined || logging.SystemLogLevel !== undefined)) {
    // Wording from LocalStack's provider, which mirrors AWS for this rule.
    throw new InvalidParameterValueError(
      'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the ' +
        'LogFormat to "JSON" and try again.',
    );
  }
  if (runtime !== undefined) checkSnapStart(s.SnapStart?.ApplyOn, runtime);
  if (s.FileSystemConfigs !== undefined && s.FileSystemConfigs.length > 0) {
    throw new InvalidParameterValueError('lambdabox does not support Amazon EFS file systems (FileSystemConfigs) yet.');
  }
}

/** Runtimes AWS offers SnapStart for (lambdabox accepts the setting and runs them without snapshots). */
export const SNAP_START_RUNTIMES: readonly string[] = [
  'java11', 'java17', 'java21', 'java25', 'python3.12', 'python3.13', 'dotnet8', 'dotnet10',
];

/** [LS test_snapstart_exceptions]; exported for UpdateFunctionConfiguration, which checks against the stored runtime. */
export function checkSnapStart(applyOn: string | undefined, runtime: string): void {
  if (applyOn === 'PublishedVersions' && !SNAP_START_RUNTIMES.includes(runtime)) {
    throw new InvalidParameterValueError(`${runtime} is not supported for SnapStart enabled functions.`);
  }
}

function isDefined(entry: [string, string | null]): entry is [string, string] {
  return entry[1] !== null;
}

