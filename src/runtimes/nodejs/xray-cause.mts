/**
 * The `Lambda-Runtime-Function-XRay-Error-Cause` header the RIC sends with every invocation error:
 * the error as an X-Ray exception (type, message, parsed stack frames) plus the working directory.
 */

interface StackEntry {
  readonly path: string | undefined;
  readonly line: number;
  readonly label: string;
}

// Larger causes are dropped: the header must stay well inside the server's header size limit.
const MAX_HEADER_CHARS = 8 * 1024;
const NOT_HEADER_SAFE = /[^\x20-\x7e]/g;

function parseFrame(frame: string): StackEntry {
  let line = frame.trim().replace(/[()]/g, '');
  line = line.substring(line.indexOf(' ') + 1);
  const lastSpace = line.lastIndexOf(' ');
  const label = lastSpace >= 0 ? line.slice(0, lastSpace) : '';
  const location = label === '' ? line : line.slice(lastSpace + 1);
  const [path, lineNumber] = location.split(':');
  return { path, line: parseInt(lineNumber ?? '', 10), label: label === '' ? 'anonymous' : label };
}

function cause(error: unknown): string {
  const fields = error as { name?: unknown; message?: unknown; stack?: unknown };
  const stack: StackEntry[] = [];
  if (fields.stack) {
    const frames = String(fields.stack).replaceAll('\x7F', '%7F').split('\n');
    frames.shift();
    for (const frame of frames) stack.push(parseFrame(frame));
  }
  const escape = (value: unknown): unknown =>
    value === undefined || value === null ? undefined : (value as string).replaceAll('\x7F', '%7F');
  return JSON.stringify({
    working_directory: process.cwd(),
    exceptions: [{ type: escape(fields.name), message: escape(fields.message), stack }],
    paths: [...new Set(stack.map((entry) => entry.path))],
  });
}

/** The header value, or '' when the error cannot be described (the RIC then sends an empty header). */
export function xrayCause(error: unknown): string {
  let json: string;
  try {
    json = cause(error);
  } catch {
    return '';
  }
  // JSON stays valid with \u escapes, and the header stays ASCII.
  const safe = json.replace(NOT_HEADER_SAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > MAX_HEADER_CHARS ? '' : safe;
}
