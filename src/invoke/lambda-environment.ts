/**
 * The process environment of a runtime, exactly as Lambda sets it
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html): the
 * platform's variables, the runtime's own, then the function's (which may override the
 * overridable ones — LANG, PATH, LD_LIBRARY_PATH, NODE_PATH, AWS_XRAY_* — and never the reserved).
 */
import type { FunctionConfiguration } from '../store/function-configuration.js';

export interface LambdaEnvironmentInput {
  readonly config: FunctionConfiguration;
  readonly region: string;
  readonly logStreamName: string;
  /** Variables the runtime defines (AWS_EXECUTION_ENV, PATH, NODE_PATH, …). */
  readonly runtimeEnv: Readonly<Record<string, string>>;
  readonly functionEnv: Readonly<Record<string, string>>;
  /** The execution role's temporary credentials (absent when the role cannot be found). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string };
}

export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const c = input.config;
  const logging = c.LoggingConfig;
  // Lambda sets the log format variables only for JSON logging; Text is what runtimes do without them.
  const jsonLogging: Record<string, string> =
    logging.LogFormat === 'JSON'
      ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', ...(logging.ApplicationLogLevel === undefined ? {} : { AWS_LAMBDA_LOG_LEVEL: logging.ApplicationLogLevel }) }
      : {};
  return {
    LANG: 'en_US.UTF-8',
    ...input.runtimeEnv,
    ...input.functionEnv,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_LAMBDA_FUNCTION_NAME: c.FunctionName,
    AWS_LAMBDA_FUNCTION_VERSION: c.Version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.MemorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: c.LoggingConfig.LogGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    ...jsonLogging,
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    ...(input.credentials === undefined
      ? {}
      : {
          AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
          AWS_SESSION_TOKEN: input.credentials.sessionToken,
        }),
    AWS_XRAY_CONTEXT_MISSING: input.functionEnv['AWS_XRAY_CONTEXT_MISSING'] ?? 'LOG_ERROR',
    // The in-sandbox daemon address, relayed to the X-Ray service (sandbox/network/xray-relay.ts).
    AWS_XRAY_DAEMON_ADDRESS: input.functionEnv['AWS_XRAY_DAEMON_ADDRESS'] ?? '127.0.0.1:2000',
    _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1',
    _AWS_XRAY_DAEMON_PORT: '2000',
    LAMBDA_TASK_ROOT: '/var/task',
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: c.Handler ?? '',
    TZ: ':UTC',
  };
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one stream per execution environment. */
export function logStreamName(version: string, now: Date, hex32: string): string {
  const d = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${d}/[${version}]${hex32}`;
}
