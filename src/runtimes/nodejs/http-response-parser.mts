/**
 * An incremental HTTP/1.1 response parser for the Runtime API client. node:http's client costs
 * ~0.3 ms per request, a third of the warm-invoke budget; the Runtime API's answers are small and
 * regular, so a parser that handles the status line, headers and the three body framings
 * (Content-Length, chunked, until close) is all that is needed.
 */

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The server closes the connection after this response. */
  readonly close: boolean;
}

export class HttpParseError extends Error {}

type Phase = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export class ResponseParser {
  #pending: Buffer = EMPTY;
  #phase: Phase = 'head';
  #started = false;
  #status = 0;
  #headers: Record<string, string> = {};
  #close = false;
  #remaining = 0;
  #chunks: Buffer[] = [];
  #size = 0;

  /** Some byte of the current response has arrived (so the request was seen: no safe retry). */
  get started(): boolean {
    return this.#started;
  }

  /** Feeds bytes; returns the response once complete. Bytes beyond it are kept for the next one. */
  push(data: Buffer): HttpResponse | undefined {
    if (data.length > 0) this.#started = true;
    this.#pending = this.#pending.length === 0 ? data : Buffer.concat([this.#pending, data]);
    for (;;) {
      const progressed = this.#step();
      if (progressed === 'done') return this.#finish();
      if (!progressed) return undefined;
    }
  }

  /** The connection ended: a close-delimited body is complete; anything else was cut short. */
  end(): HttpResponse | undefined {
    if (this.#phase !== 'until-close') return undefined;
    this.#take(this.#pending);
    this.#pending = EMPTY;
    return this.#finish();
  }

  #step(): boolean | 'done' {
    switch (this.#phase) {
      case 'head':
        return this.#head();
      case 'fixed': {
        const n = Math.min(this.#remaining, this.#pending.length);
        if (n === 0) return this.#remaining === 0 ? 'done' : false;
        this.#take(this.#consume(n));
        this.#remaining -= n;
        return this.#remaining === 0 ? 'done' : false;
      }
      case 'chunk-size': {
        const line = this.#line();
        if (line === undefined) return false;
        const size = parseInt(line.split(';')[0]?.trim() ?? '', 16);
        if (!Number.isFinite(size) || size < 0) throw new HttpParseError(`Bad chunk size: ${line}`);
        this.#remaining = size;
        this.#phase = size === 0 ? 'trailers' : 'chunk-data';
        return true;
      }
      case 'chunk-data': {
        const n = Math.min(this.#remaining, this.#pending.length);
        if (n === 0) return false;
        this.#take(this.#consume(n));
        this.#remaining -= n;
        if (this.#remaining === 0) this.#phase = 'chunk-end';
        return true;
      }
      case 'chunk-end': {
        const line = this.#line();
        if (line === undefined) return false;
        this.#phase = 'chunk-size';
        return true;
      }
      case 'trailers': {
        const line = this.#line();
        if (line === undefined) return false;
        return line === '' ? 'done' : true;
      }
      case 'until-close':
        if (this.#pending.length > 0) this.#take(this.#consume(this.#pending.length));
        return false;
    }
  }

  #head(): boolean | 'done' {
    const end = this.#pending.indexOf(HEAD_END);
    if (end < 0) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpParseError('Response head too large');
      return false;
    }
    // UTF-8: the server passes header bytes through (e.g. a client context's UTF-8 text).
    const lines = this.#pending.toString('utf8', 0, end).split('\r\n');
    this.#pending = this.#pending.subarray(end + HEAD_END.length);
    const statusLine = lines[0] ?? '';
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine);
    if (match === null) throw new HttpParseError(`Bad status line: ${statusLine}`);
    const status = Number(match[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const previous = headers[name];
      headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    }
    // An interim 1xx answer is skipped; the real one follows.
    if (status >= 100 && status < 200) return true;
    this.#status = status;
    this.#headers = headers;
    const connection = (headers['connection'] ?? '').toLowerCase();
    this.#close = match[1] === '0' ? !connection.includes('keep-alive') : connection.includes('close');
    if (status === 204 || status === 304) return 'done';
    if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      this.#phase = 'chunk-size';
      return true;
    }
    const length = headers['content-length'];
    if (length !== undefined) {
      const n = Number(length);
      if (!Number.isSafeInteger(n) || n < 0) throw new HttpParseError(`Bad Content-Length: ${length}`);
      this.#remaining = n;
      this.#phase = 'fixed';
      return n === 0 ? 'done' : true;
    }
    this.#phase = 'until-close';
    this.#close = true;
    return true;
  }

  #line(): string | undefined {
    const end = this.#pending.indexOf(LINE_END);
    if (end < 0) return undefined;
    const line = this.#pending.toString('latin1', 0, end);
    this.#pending = this.#pending.subarray(end + LINE_END.length);
    return line;
  }

  #consume(n: number): Buffer {
    const part = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(n);
    return part;
  }

  #take(part: Buffer): void {
    if (part.length === 0) return;
    this.#chunks.push(part);
    this.#size += part.length;
  }

  #finish(): HttpResponse {
    const chunks = this.#chunks;
    const body = chunks.length === 0 ? EMPTY : chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, this.#size);
    const response: HttpResponse = { status: this.#status, headers: this.#headers, body, close: this.#close };
    this.#phase = 'head';
    this.#started = this.#pending.length > 0;
    this.#headers = {};
    this.#chunks = [];
    this.#size = 0;
    this.#remaining = 0;
    this.#close = false;
    return response;
  }
}
