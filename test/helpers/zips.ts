/** Builds deployment packages for tests (fflate), e.g. `zipOf({ 'index.mjs': 'export const handler = …' })`. */
import { zipSync, strToU8 } from 'fflate';

/** Deterministic: a fixed mtime, so the same files always give the same bytes and CodeSha256. */
export function zipOf(files: Readonly<Record<string, string | Uint8Array>>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return Buffer.from(zipSync(entries, { mtime: new Date('2024-01-01T00:00:00Z') }));
}

export const HELLO_HANDLER = "export const handler = async (event) => ({ ok: true, event });\n";

export function helloZip(marker = 'hello'): Buffer {
  return zipOf({ 'index.mjs': `// ${marker}\n${HELLO_HANDLER}` });
}

export const TEST_ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
