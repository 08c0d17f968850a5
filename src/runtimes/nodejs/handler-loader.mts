/**
 * Loads the function's handler from `_HANDLER` (`[dir/]file.export[.nested]`) as Lambda's Node
 * runtimes do: an extensionless file or directory, then `.js` (CommonJS, or ESM when the nearest
 * package.json says "type": "module"), `.mjs`, `.cjs`, and finally Node's own resolution from the
 * task root (node_modules, NODE_PATH). CommonJS goes through require so NODE_PATH applies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HandlerNotFound,
  ImportModuleError,
  MalformedHandlerName,
  MalformedStreamingHandler,
  UserCodeSyntaxError,
} from './runtime-errors.mjs';

export type UserHandler = (...args: unknown[]) => unknown;

export interface HandlerMetadata {
  readonly streaming: boolean;
  readonly isAsync: boolean;
  readonly argsNum: number;
}

export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const STREAM_RESPONSE = 'response';
const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

/**
 * The RIC is one bundled file, /var/runtime/index.mjs, and its require is created there, so
 * Lambda's "Cannot find module 'x'\nRequire stack:\n- /var/runtime/index.mjs" names that file.
 * Ours lives in the same directory; requiring "from" that name gives the same message.
 */
function runtimeRequire(): NodeJS.Require {
  return createRequire(new URL('./index.mjs', import.meta.url));
}

/** Walks up from `folder` to the first package.json; a node_modules boundary or the root means CommonJS. */
function folderIsModule(folder: string): boolean {
  for (let dir = folder; ; dir = resolve(dir, '..')) {
    if (dir.endsWith('/node_modules')) return false;
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        // A manifest that parses to nothing (`null`, `0`) is passed over, as the RIC does.
        if (parsed) return (parsed as { type?: unknown }).type === 'module';
      } catch (err) {
        console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, err);
        return false;
      }
    }
    if (dir === '/') return false;
  }
}

function hasModuleJs(file: string): boolean {
  const jsPath = `${file}.js`;
  return existsSync(jsPath) && folderIsModule(resolve(dirname(jsPath)));
}

async function importIfExists(path: string): Promise<unknown> {
  return existsSync(path) ? ((await import(pathToFileURL(path).href)) as unknown) : undefined;
}

async function loadModule(appRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const require = runtimeRequire();
  const requireIfExists = (path: string): unknown => (existsSync(path) ? (require(path) as unknown) : undefined);
  const base = resolve(appRoot, moduleRoot, moduleName);

  const extensionless = requireIfExists(base);
  if (extensionless) return extensionless;
  const jsIsModule = hasModuleJs(base);
  if (!jsIsModule) {
    const commonJs = requireIfExists(`${base}.js`);
    if (commonJs) return commonJs;
  }
  const loaded =
    (jsIsModule && (await importIfExists(`${base}.js`))) ||
    (await importIfExists(`${base}.mjs`)) ||
    requireIfExists(`${base}.cjs`);
  if (loaded) return loaded;
  // require() resolves relative to its own file, not the task: search from the task root instead.
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] })) as unknown;
}

async function loadUserModule(appRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  try {
    return await loadModule(appRoot, moduleRoot, moduleName);
  } catch (err) {
    // The message is the original error's string, e.g. "SyntaxError: Unexpected token '}'".
    if (err instanceof SyntaxError) throw new UserCodeSyntaxError(String(err));
    if ((err as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(String(err));
    throw err;
  }
}

function resolveExport(module: unknown, path: string): unknown {
  let value: unknown = module;
  for (const key of path.split('.')) {
    value = value ? (value as Record<string, unknown>)[key] : value;
  }
  return value;
}

export function handlerMetadata(handler: UserHandler): HandlerMetadata {
  let isAsync = false;
  try {
    isAsync = handler.constructor?.name === 'AsyncFunction';
  } catch {
    isAsync = false;
  }
  const mark = (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING];
  if (mark !== undefined && mark !== null && mark !== false && mark !== STREAM_RESPONSE) {
    throw new MalformedStreamingHandler('Only response streaming is supported.');
  }
  return { streaming: mark === STREAM_RESPONSE, isAsync, argsNum: handler.length };
}

/** Resolves `_HANDLER` against the task root; throws the Runtime.* init errors. */
export async function loadHandler(appRoot: string, fullHandler: string): Promise<UserHandler> {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = FUNCTION_EXPR.exec(handlerString);
  const moduleName = match?.[1];
  const exportPath = match?.[2];
  if (moduleName === undefined || exportPath === undefined) throw new MalformedHandlerName('Bad handler');

  const userModule = await loadUserModule(appRoot, moduleRoot, moduleName);
  const handler = resolveExport(userModule, exportPath);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler as UserHandler;
}
