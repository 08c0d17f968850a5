/**
 * UpdateFunctionConfiguration body. Every member is optional and only given members change;
 * `Environment` replaces the whole map when given (an `Environment` without `Variables` clears it).
 * Rules that depend on the stored function (SnapStart against a stored runtime, Handler required
 * for Zip) stay with the service; `checkSnapStart` is exported for that.
 */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import type { ValidationContext } from './context.js';
import { deadLetter, vpcConfig } from './create-function.js';
import { definedVariables } from './environment.js';
import {
  checkSettingsRules,
  checkSettingsShape,
  settingsMembers,
  type LoggingConfigInput,
  type SnapStartApplyOn,
  type TracingMode,
  type VpcConfigInput,
} from './function-settings.js';
import { checkFunctionRuntime, type Runtime } from './runtimes.js';
import { ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface UpdateFunctionConfigurationInput {
  Role?: string;
  Runtime?: Runtime;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  /** The complete new map; `{}` removes every variable. */
  Environment?: Record<string, string>;
  /** `''` removes the customer-managed key. */
  KMSKeyArn?: string;
  TracingConfig?: { Mode: TracingMode };
  /** `{}` or an empty TargetArn removes the dead-letter queue. */
  DeadLetterConfig?: { TargetArn?: string };
  /** The complete new list; `[]` removes every layer. */
  Layers?: string[];
  VpcConfig?: VpcConfigInput;
  EphemeralStorage?: { Size: number };
  LoggingConfig?: LoggingConfigInput;
  SnapStart?: { ApplyOn: SnapStartApplyOn };
  RevisionId?: string;
}

const members = { ...settingsMembers, RevisionId: wire.string() };

export function parseUpdateFunctionConfigurationInput(
  body: unknown,
  ctx: ValidationContext,
): UpdateFunctionConfigurationInput {
  const input = decodeBody(members, body);
  const v = new ViolationList();
  checkSettingsShape(input, v);
  v.throwIfAny();

  if (input.ImageConfig !== undefined) {
    throw new InvalidParameterValueError('lambdabox does not support container image functions (ImageConfig) yet.');
  }
  const runtime = input.Runtime === undefined ? undefined : checkFunctionRuntime(input.Runtime);
  checkSettingsRules(input, runtime, ctx);

  const out: UpdateFunctionConfigurationInput = {};
  if (input.Role !== undefined) out.Role = input.Role;
  if (runtime !== undefined) out.Runtime = runtime;
  if (input.Handler !== undefined) out.Handler = input.Handler;
  if (input.Description !== undefined) out.Description = input.Description;
  if (input.Timeout !== undefined) out.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) out.MemorySize = input.MemorySize;
  if (input.Environment !== undefined) out.Environment = definedVariables(input.Environment.Variables ?? {});
  if (input.KMSKeyArn !== undefined) out.KMSKeyArn = input.KMSKeyArn;
  const mode = input.TracingConfig?.Mode as TracingMode | undefined;
  if (mode !== undefined) out.TracingConfig = { Mode: mode };
  if (input.DeadLetterConfig !== undefined) out.DeadLetterConfig = deadLetter(input.DeadLetterConfig);
  if (input.Layers !== undefined) out.Layers = input.Layers.filter((l): l is string => l !== null);
  if (input.VpcConfig !== undefined) out.VpcConfig = vpcConfig(input.VpcConfig);
  const size = input.EphemeralStorage?.Size;
  if (size !== undefined) out.EphemeralStorage = { Size: size };
  if (input.LoggingConfig !== undefined) out.LoggingConfig = loggingConfig(input.LoggingConfig);
  const applyOn = input.SnapStart?.ApplyOn as SnapStartApplyOn | undefined;
  if (applyOn !== undefined) out.SnapStart = { ApplyOn: applyOn };
  if (input.RevisionId !== undefined) out.RevisionId = input.RevisionId;
  return out;
}

function loggingConfig(given: NonNullable<Parameters<typeof checkSettingsShape>[0]['LoggingConfig']>): LoggingConfigInput {
  const out: LoggingConfigInput = {};
  if (given.LogFormat !== undefined) out.LogFormat = given.LogFormat as NonNullable<LoggingConfigInput['LogFormat']>;
  if (given.ApplicationLogLevel !== undefined) {
    out.ApplicationLogLevel = given.ApplicationLogLevel as NonNullable<LoggingConfigInput['ApplicationLogLevel']>;
  }
  if (given.SystemLogLevel !== undefined) {
    out.SystemLogLevel = given.SystemLogLevel as NonNullable<LoggingConfigInput['SystemLogLevel']>;
  }
  if (given.LogGroup !== undefined) out.LogGroup = given.LogGroup;
  return out;
}
