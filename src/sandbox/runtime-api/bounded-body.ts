/**
 * Reads a runtime's POST body up to a limit. Past the limit it stops buffering and reports at once,
 * so the 413 goes out while the runtime is still sending; the rest is drained and dropped rather
 * than left unread, which keeps the runtime's keep-alive connection usable for its next /next.
 */
import type { IncomingMessage } from 'node:http';

export interface BodyHandlers {
  /** The whole body, or `null` when it exceeds the limit. Called at most once. */
  readonly done: (body: Buffer | null) => void;
  /** The connection ended before the body did (the runtime died or gave up). */
  readonly aborted: () => void;
}

export function readBoundedBody(req: IncomingMessage, limit: number, handlers: BodyHandlers): void {
  const declared = req.headers['content-length'];
  let overflow = declared !== undefined && Number(declared) > limit;
  let settled = false;
  let size = 0;
  const chunks: Buffer[] = [];

  req.on('data', (chunk: Buffer) => {
    if (overflow) return;
    size += chunk.length;
    if (size > limit) {
      overflow = true;
      chunks.length = 0;
      settled = true;
      handlers.done(null);
      return;
    }
    chunks.push(chunk);
  });
  req.once('end', () => {
    if (settled) return;
    settled = true;
    handlers.done(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, size));
  });
  req.once('close', () => {
    if (settled) return;
    settled = true;
    handlers.aborted();
  });
  if (overflow) {
    settled = true;
    handlers.done(null);
  }
}
