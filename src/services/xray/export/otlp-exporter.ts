/**
 * Exports stored segments to an operator-configured OpenTelemetry collector as OTLP/HTTP JSON
 * (`POST <endpoint>/v1/traces`, `application/json`). Spans are batched (every `intervalMs`, or at `maxBatch`),
 * grouped by account and service into resourceSpans (`cloud.account.id`, `service.name`). Export is best
 * effort and bounded: past `maxQueued` spans, and after a failed POST, spans are dropped and counted, never
 * retried into an unbounded backlog. `close()` sends what is queued.
 */
import type { Logger } from 'pino';
import type { OtlpSpan } from './otlp-spans.js';
import { segmentSpans } from './otlp-spans.js';

export interface OtlpExporterOptions {
  /** The collector's base URL (`http://host:4318`) or its full traces URL (ending in `/v1/traces`). */
  readonly endpoint: string;
  readonly logger: Logger;
  /** @default 1000 */
  readonly intervalMs?: number;
  /** @default 512 */
  readonly maxBatch?: number;
  /** @default 10_000 */
  readonly maxQueued?: number;
  /** @default 10 s */
  readonly timeoutMs?: number;
}

interface Queued {
  readonly accountId: string;
  readonly service: string;
  readonly span: OtlpSpan;
}

export interface OtlpExportStats {
  readonly exported: number;
  readonly dropped: number;
}

export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/traces`;
  return url.toString();
}

export class OtlpExporter {
  readonly #o: OtlpExporterOptions;
  readonly #url: string;
  #queue: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> = Promise.resolve();
  #stats = { exported: 0, dropped: 0 };
  #closed = false;

  constructor(options: OtlpExporterOptions) {
    this.#o = options;
    this.#url = tracesUrl(options.endpoint);
  }

  get stats(): OtlpExportStats {
    return { ...this.#stats };
  }

  /** Queues the spans of stored (valid) documents of one account. */
  export(accountId: string, documents: readonly string[]): void {
    for (const document of documents) {
      let spans: OtlpSpan[];
      let service = '';
      try {
        spans = segmentSpans(document);
        const name = (JSON.parse(document) as { name?: unknown }).name;
        service = typeof name === 'string' ? name : '';
      } catch {
        continue;
      }
      for (const span of spans) {
        if (this.#closed || this.#queue.length >= (this.#o.maxQueued ?? 10_000)) this.#stats.dropped++;
        else this.#queue.push({ accountId, service, span });
      }
    }
    if (this.#queue.length >= (this.#o.maxBatch ?? 512)) this.#send();
    else this.#arm();
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#send();
    }, this.#o.intervalMs ?? 1000);
    this.#timer.unref();
  }

  #send(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue.splice(0, this.#o.maxBatch ?? 512);
    if (batch.length === 0) return;
    this.#sending = this.#sending.then(() => this.#post(batch));
    if (this.#queue.length > 0) this.#arm();
  }

  async #post(batch: readonly Queued[]): Promise<void> {
    const groups = new Map<string, { accountId: string; service: string; spans: OtlpSpan[] }>();
    for (const q of batch) {
      const key = `${q.accountId}\u0000${q.service}`;
      const g = groups.get(key) ?? { accountId: q.accountId, service: q.service, spans: [] };
      g.spans.push(q.span);
      groups.set(key, g);
    }
    const body = {
      resourceSpans: [...groups.values()].map((g) => ({
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: g.service } },
            { key: 'cloud.provider', value: { stringValue: 'aws' } },
            { key: 'cloud.account.id', value: { stringValue: g.accountId } },
          ],
        },
        scopeSpans: [{ scope: { name: 'lambdabox.xray' }, spans: g.spans }],
      })),
    };
    try {
      const res = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer();
      if (res.ok) {
        this.#stats.exported += batch.length;
        return;
      }
      this.#stats.dropped += batch.length;
      this.#o.logger.warn({ status: res.status, spans: batch.length }, 'the OTLP collector refused spans');
    } catch (err) {
      this.#stats.dropped += batch.length;
      this.#o.logger.warn({ err, spans: batch.length }, 'exporting spans to the OTLP collector failed');
    }
  }

  /** Sends everything queued so far and waits for it. */
  async flush(): Promise<void> {
    while (this.#queue.length > 0) this.#send();
    await this.#sending;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
