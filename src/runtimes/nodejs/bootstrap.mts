/**
 * lambdabox's Node.js runtime (nodejs20.x, 22.x, 24.x), started inside the execution environment as
 * `/var/lang/bin/node /var/runtime/bootstrap.mjs` with cwd /var/task. It implements Lambda's Node
 * handler contract against the Runtime API, as aws-lambda-ric does. It imports only node: builtins
 * and its own directory: nothing else exists inside the sandbox.
 */
import { BeforeExitHook } from './before-exit-hook.mjs';
import { patchConsole, RequestIdSlot } from './console-patch.mjs';
import type { ErrorLogger } from './console-patch.mjs';
import { handlerMetadata, loadHandler } from './handler-loader.mjs';
import type { HandlerMetadata, UserHandler } from './handler-loader.mjs';
import type { RuntimeEndpoint } from './http-connection.mjs';
import { EXIT_UNCAUGHT_EXCEPTION, EXIT_UNHANDLED_REJECTION, InvokeLoop } from './invoke-loop.mjs';
import type { ErrorCallbacks } from './invoke-loop.mjs';
import { installAwsLambdaGlobal } from './response-stream.mjs';
import { RuntimeClient } from './runtime-client.mjs';
import { CallbackHandlerDeprecated, toRapidError, UnhandledPromiseRejection } from './runtime-errors.mjs';
import { parseListenAddress, parseRelayList, startRelay, startUdpRelay } from './runtime-relay.mjs';

const SOCKET_VARIABLE = '_LAMBDABOX_RUNTIME_API_SOCKET';
const RELAYS_VARIABLE = '_LAMBDABOX_TCP_RELAYS';
const UDP_RELAYS_VARIABLE = '_LAMBDABOX_UDP_RELAYS';

const CALLBACK_WARNING =
  'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.';
const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/** nodejs24.x and later run RIC 4's contract: async handlers only. */
function isAsyncOnlyRuntime(env: NodeJS.ProcessEnv): boolean {
  const declared = /^AWS_Lambda_nodejs(\d+)/.exec(env['AWS_EXECUTION_ENV'] ?? '');
  const major = Number(declared?.[1] ?? process.versions.node.split('.')[0]);
  return major >= 24;
}

function fatal(message: string): never {
  process.stderr.write(`lambdabox runtime: ${message}\n`);
  process.exit(1);
}

function endpointFrom(env: NodeJS.ProcessEnv, runtimeApi: string): RuntimeEndpoint {
  const socketPath = env[SOCKET_VARIABLE];
  if (socketPath !== undefined && socketPath !== '') return { kind: 'unix', path: socketPath };
  const address = parseListenAddress(runtimeApi);
  if (address === undefined) fatal(`AWS_LAMBDA_RUNTIME_API is not host:port: '${runtimeApi}'`);
  return { kind: 'tcp', host: address.host, port: address.port };
}

/** TCP-only clients inside the environment reach the socket through AWS_LAMBDA_RUNTIME_API. */
async function startRelayIfSocket(endpoint: RuntimeEndpoint, runtimeApi: string): Promise<void> {
  if (endpoint.kind !== 'unix') return;
  const address = parseListenAddress(runtimeApi);
  if (address === undefined) return;
  try {
    await startRelay(endpoint.path, address);
  } catch (err) {
    process.stderr.write(`lambdabox runtime: no Runtime API relay on ${runtimeApi}: ${(err as Error).message}\n`);
  }
}

/** The platform's other in-sandbox TCP endpoints (lambdabox API, egress proxy), one relay each. */
async function startPlatformRelays(list: string | undefined): Promise<void> {
  await Promise.all(
    parseRelayList(list).map((forward) =>
      startRelay(forward.socketPath, forward.address).catch((err: unknown) => {
        const { host, port } = forward.address;
        process.stderr.write(`lambdabox runtime: no relay on ${host}:${port}: ${(err as Error).message}\n`);
      }),
    ),
  );
}

/** The platform's in-sandbox UDP endpoints (the X-Ray daemon address), one relay each. */
async function startUdpRelays(list: string | undefined): Promise<void> {
  await Promise.all(
    parseRelayList(list).map((forward) =>
      startUdpRelay(forward.socketPath, forward.address).catch((err: unknown) => {
        const { host, port } = forward.address;
        process.stderr.write(`lambdabox runtime: no UDP relay on ${host}:${port}: ${(err as Error).message}\n`);
      }),
    ),
  );
}

interface Loaded {
  readonly handler: UserHandler;
  readonly metadata: HandlerMetadata;
}

async function load(env: NodeJS.ProcessEnv, asyncOnly: boolean): Promise<Loaded> {
  const handler = await loadHandler(env['LAMBDA_TASK_ROOT'] ?? process.cwd(), env['_HANDLER'] ?? '');
  const metadata = handlerMetadata(handler);
  if (asyncOnly && metadata.argsNum >= 3 && !metadata.streaming) throw new CallbackHandlerDeprecated(CALLBACK_REMOVED);
  return { handler, metadata };
}

function installErrorListeners(logError: ErrorLogger, callbacks: ErrorCallbacks): void {
  process.on('uncaughtException', (error) => {
    logError('Uncaught Exception', error);
    callbacks.uncaughtException(error);
  });
  process.on('unhandledRejection', (reason, promise) => {
    const error = new UnhandledPromiseRejection(reason, promise);
    logError('Unhandled Promise Rejection', error);
    callbacks.unhandledRejection(error);
  });
}

async function main(): Promise<void> {
  const env = process.env;
  const runtimeApi = env['AWS_LAMBDA_RUNTIME_API'] ?? '';
  const endpoint = endpointFrom(env, runtimeApi);
  // Lambda has no such variable; the function sees the environment Lambda gives it.
  delete env[SOCKET_VARIABLE];
  const relays = env[RELAYS_VARIABLE];
  delete env[RELAYS_VARIABLE];
  const udpRelays = env[UDP_RELAYS_VARIABLE];
  delete env[UDP_RELAYS_VARIABLE];
  const requestIds = new RequestIdSlot();
  const logError = patchConsole(requestIds, env);
  const client = new RuntimeClient(endpoint, runtimeApi === '' ? 'localhost' : runtimeApi);
  const asyncOnly = isAsyncOnlyRuntime(env);

  const exitWith = (code: number) => (): never => process.exit(code);
  // Before the first invocation every error is an init error.
  const postInitError = (error: unknown, code: number): void => {
    const body = toRapidError(error);
    const type = typeof body.errorType === 'string' ? body.errorType : '';
    client.postInitError(type, JSON.stringify(body)).then(exitWith(code), exitWith(code));
  };
  const errorCallbacks: ErrorCallbacks = {
    uncaughtException: (error) => postInitError(error, EXIT_UNCAUGHT_EXCEPTION),
    unhandledRejection: (error) => postInitError(error, EXIT_UNHANDLED_REJECTION),
  };
  installErrorListeners(logError, errorCallbacks);
  const beforeExit = new BeforeExitHook();
  beforeExit.install();

  await startRelayIfSocket(endpoint, runtimeApi);
  await startPlatformRelays(relays);
  await startUdpRelays(udpRelays);
  installAwsLambdaGlobal(env);

  let loaded: Loaded;
  try {
    loaded = await load(env, asyncOnly);
  } catch (err) {
    // The RIC's load failure surfaces through its uncaughtException listener: same log, same exit.
    logError('Uncaught Exception', err);
    errorCallbacks.uncaughtException(err);
    return;
  }
  const { metadata } = loaded;
  if (!asyncOnly && env['AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING'] === undefined &&
    metadata.argsNum === 3 && !metadata.isAsync && !metadata.streaming) {
    console.warn(CALLBACK_WARNING);
  }

  new InvokeLoop({
    client,
    handler: loaded.handler,
    metadata,
    errorCallbacks,
    beforeExit,
    requestIds,
    logError,
    asyncOnly,
    lost: (err) => fatal(`lost the Runtime API: ${(err as Error).message}`),
  }).scheduleIteration();
}

main().catch((err: unknown) => fatal(String((err as Error).stack ?? err)));
