/**
 * Collects an environment's stdout/stderr as log lines and attributes them to the invocation that
 * is running (or to init, before the first one). A function cannot flood the host: each
 * invocation keeps at most `maxBytes` of output, and the cut is marked.
 */
import type { Readable } from 'node:stream';

export const DEFAULT_MAX_LOG_BYTES = 256 * 1024;
const TRUNCATED = '[lambdabox] log output of this invocation was truncated: it exceeded the per-invocation limit';

export class LogCapture {
  readonly #maxBytes: number;
  #lines: string[] = [];
  #bytes = 0;
  #truncated = false;
  #partial = '';
  #received = 0;

  constructor(maxBytes = DEFAULT_MAX_LOG_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Characters read from the streams so far, kept or not: tells whether output is still arriving. */
  get received(): number {
    return this.#received;
  }

  attach(stream: Readable): void {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.#write(chunk));
    stream.on('end', () => this.flushPartial());
  }

  /** Lines written since the last take(), including a trailing partial line. */
  take(): string[] {
    this.flushPartial();
    const lines = this.#lines;
    this.#lines = [];
    this.#bytes = 0;
    this.#truncated = false;
    return lines;
  }

  /** A platform line (e.g. an egress attempt), kept in order with the function's own output. */
  appendLine(line: string): void {
    this.#push(line);
  }

  flushPartial(): void {
    if (this.#partial !== '') {
      this.#push(this.#partial);
      this.#partial = '';
    }
  }

  #write(chunk: string): void {
    this.#received += chunk.length;
    if (this.#truncated) return;
    const text = this.#partial + chunk;
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#push(line);
    if (this.#partial.length > this.#maxBytes) {
      this.#push(this.#partial);
      this.#partial = '';
    }
  }

  #push(line: string): void {
    if (this.#truncated) return;
    const size = Buffer.byteLength(line) + 1;
    if (this.#bytes + size > this.#maxBytes) {
      this.#truncated = true;
      this.#lines.push(TRUNCATED);
      return;
    }
    this.#bytes += size;
    this.#lines.push(line);
  }
}
