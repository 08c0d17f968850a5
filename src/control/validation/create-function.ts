/**
 * CreateFunction request body → typed input with AWS's defaults, or AWS's error. Order: wire types
 * (SerializationException), model constraints (one ValidationException listing all), then the
 * service rules (InvalidParameterValueException), as Lambda applies them.
 */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { IMAGE_NOT_SUPPORTED, checkCodeShape, codeMembers, requireZipSource, type CodeInput } from './code.js';
import type { ValidationContext } from './context.js';
import { definedVariables } from './environment.js';
import { resolveFunctionRef } from './function-ref.js';
import {
  checkSettingsRules,
  checkSettingsShape,
  settingsMembers,
  type ApplicationLogLevel,
  type LogFormat,
  type SnapStartApplyOn,
  type SystemLogLevel,
  type TracingMode,
  type VpcConfigInput,
  type WireSettings,
} from './function-settings.js';
import { checkArchitectures, lambdaboxArchitecture, type LambdaboxArchitectures } from './architectures.js';
import { CODE_SIGNING_CONFIG_ARN } from './patterns.js';
import { checkFunctionRuntime, type Runtime } from './runtimes.js';
import { checkTagRules, checkTagsShape, definedTags } from './tags.js';
import { present, ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface CreateFunctionInput {
  FunctionName: string;
  Role: string;
  Runtime?: Runtime;
  Handler?: string;
  /** ZipFile is always set: other sources are refused until lambdabox supports them. */
  Code: CodeInput & { ZipFile: Buffer };
  Description: string;
  Timeout: number;
  MemorySize: number;
  Publish: boolean;
  PackageType: 'Zip' | 'Image';
  Environment: Record<string, string>;
  Layers: string[];
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig: { Mode: TracingMode };
  Tags: Record<string, string>;
  Architectures: LambdaboxArchitectures;
  EphemeralStorage: { Size: number };
  LoggingConfig: {
    LogFormat: LogFormat;
    LogGroup: string;
    ApplicationLogLevel?: ApplicationLogLevel;
    SystemLogLevel?: SystemLogLevel;
  };
  SnapStart: { ApplyOn: SnapStartApplyOn };
  KMSKeyArn?: string;
  CodeSigningConfigArn?: string;
  VpcConfig?: VpcConfigInput;
}

/**
 * AWS's defaults for CreateFunction (https://docs.aws.amazon.com/lambda/latest/dg/API_CreateFunction.html,
 * and real CreateFunction responses as LocalStack recorded them: docs/SOURCES.md [LS]).
 */
export const CREATE_FUNCTION_DEFAULTS = {
  Timeout: 3,
  MemorySize: 128,
  EphemeralStorageSize: 512,
  TracingMode: 'PassThrough',
  LogFormat: 'Text',
  Description: '',
} as const;

const members = {
  ...settingsMembers,
  FunctionName: wire.string(),
  Code: wire.struct(codeMembers),
  Publish: wire.boolean(),
  PackageType: wire.string(),
  Tags: wire.map(wire.stringItem()),
  CodeSigningConfigArn: wire.string(),
  Architectures: wire.list(wire.stringItem()),
};

export function parseCreateFunctionInput(body: unknown, ctx: ValidationContext): CreateFunctionInput {
  const input = decodeBody(members, body);

  const v = new ViolationList();
  v.required('functionName', input.FunctionName);
  v.required('role', input.Role);
  v.required('code', input.Code);
  checkSettingsShape(input, v);
  if (input.Code !== undefined) checkCodeShape(input.Code, 'code.', v);
  v.enumValue('packageType', input.PackageType, ['Zip', 'Image']);
  checkArchitectures(input.Architectures, v);
  checkTagsShape(input.Tags, v);
  v.string('codeSigningConfigArn', input.CodeSigningConfigArn, { max: 200, pattern: CODE_SIGNING_CONFIG_ARN });
  v.throwIfAny();

  const role = present(input.Role, 'role');
  const code = present(input.Code, 'code');
  const name = resolveFunctionRef(present(input.FunctionName, 'functionName'), undefined, ctx, 'CreateFunction').name;

  if (input.PackageType === 'Image' || code.ImageUri !== undefined) throw new InvalidParameterValueError(IMAGE_NOT_SUPPORTED);
  if (input.Runtime === undefined || input.Handler === undefined) {
    // AWS's message (quoted in CloudFormation failures of AWS::Lambda::Function).
    throw new InvalidParameterValueError(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
  const runtime = checkFunctionRuntime(input.Runtime);
  const zip = requireZipSource(code, 'Code.ZipFile', 'function code');
  const architectures = lambdaboxArchitecture(input.Architectures);
  checkSettingsRules(input, runtime, ctx);
  const tags = definedTags(input.Tags);
  checkTagRules(tags);

  return {
    FunctionName: name,
    Role: role,
    Runtime: runtime,
    Handler: input.Handler,
    Code: { ZipFile: zip },
    Description: input.Description ?? CREATE_FUNCTION_DEFAULTS.Description,
    Timeout: input.Timeout ?? CREATE_FUNCTION_DEFAULTS.Timeout,
    MemorySize: input.MemorySize ?? CREATE_FUNCTION_DEFAULTS.MemorySize,
    Publish: input.Publish ?? false,
    PackageType: 'Zip',
    Environment: definedVariables(input.Environment?.Variables ?? {}),
    Layers: (input.Layers ?? []).filter((l): l is string => l !== null),
    ...(input.DeadLetterConfig === undefined ? {} : { DeadLetterConfig: deadLetter(input.DeadLetterConfig) }),
    TracingConfig: { Mode: (input.TracingConfig?.Mode as TracingMode | undefined) ?? CREATE_FUNCTION_DEFAULTS.TracingMode },
    Tags: tags,
    Architectures: architectures,
    EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? CREATE_FUNCTION_DEFAULTS.EphemeralStorageSize },
    LoggingConfig: loggingConfig(input.LoggingConfig, name),
    SnapStart: { ApplyOn: (input.SnapStart?.ApplyOn as SnapStartApplyOn | undefined) ?? 'None' },
    ...(input.KMSKeyArn === undefined ? {} : { KMSKeyArn: input.KMSKeyArn }),
    ...(input.CodeSigningConfigArn === undefined ? {} : { CodeSigningConfigArn: input.CodeSigningConfigArn }),
    ...(input.VpcConfig === undefined ? {} : { VpcConfig: vpcConfig(input.VpcConfig) }),
  };
}

export function deadLetter(config: NonNullable<WireSettings['DeadLetterConfig']>): { TargetArn?: string } {
  return config.TargetArn === undefined ? {} : { TargetArn: config.TargetArn };
}

export function vpcConfig(config: NonNullable<WireSettings['VpcConfig']>): VpcConfigInput {
  const ids = (list: readonly (string | null)[] | undefined): string[] =>
    (list ?? []).filter((s): s is string => s !== null);
  return {
    SubnetIds: ids(config.SubnetIds),
    SecurityGroupIds: ids(config.SecurityGroupIds),
    ...(config.Ipv6AllowedForDualStack === undefined ? {} : { Ipv6AllowedForDualStack: config.Ipv6AllowedForDualStack }),
  };
}

/** JSON format switches both log levels on at INFO unless given, as AWS does. */
function loggingConfig(given: WireSettings['LoggingConfig'], name: string): CreateFunctionInput['LoggingConfig'] {
  const format = (given?.LogFormat as LogFormat | undefined) ?? CREATE_FUNCTION_DEFAULTS.LogFormat;
  const logGroup = given?.LogGroup ?? `/aws/lambda/${name}`;
  if (format === 'Text') return { LogFormat: format, LogGroup: logGroup };
  return {
    LogFormat: format,
    LogGroup: logGroup,
    ApplicationLogLevel: (given?.ApplicationLogLevel as ApplicationLogLevel | undefined) ?? 'INFO',
    SystemLogLevel: (given?.SystemLogLevel as SystemLogLevel | undefined) ?? 'INFO',
  };
}
