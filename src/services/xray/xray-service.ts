/**
 * The X-Ray service's parts over one store: the group-committed ingest (TraceIngest: Lambda's segments and the
 * sandbox daemon relay's), the retention sweeper, the operations' dependencies for the API,
 * and, when an operator names a collector, the OTLP export of every stored segment.
 * `start()` arms the sweeper; `close()` stops it, waits for the ingest to drain and sends what the export holds.
 */
import type { Logger } from 'pino';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { XrayStore } from './store/xray-tx.js';
import type { XrayDeps } from './operations/xray-deps.js';
import { TraceIngestWriter } from './ingest/trace-ingest-writer.js';
import { RetentionSweeper } from './ingest/retention-sweeper.js';
import { OtlpExporter } from './export/otlp-exporter.js';

export interface XrayServiceOptions {
  readonly store: XrayStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** Segments waiting for their commit beyond which the ingest drops new ones. @default 10_000 */
  readonly maxPendingSegments?: number;
  /** How often segments past the 30-day retention are deleted. @default 1 hour */
  readonly sweepIntervalMs?: number;
  /** An OpenTelemetry collector every stored segment is exported to (OTLP/HTTP JSON). @default none */
  readonly otlpEndpoint?: string;
}

export class XrayService {
  readonly ingest: TraceIngestWriter;
  readonly sweeper: RetentionSweeper;
  readonly deps: XrayDeps;
  /** Undefined without `otlpEndpoint`. */
  readonly exporter: OtlpExporter | undefined;

  constructor(o: XrayServiceOptions) {
    const exporter = o.otlpEndpoint === undefined ? undefined : new OtlpExporter({ endpoint: o.otlpEndpoint, logger: o.logger });
    this.exporter = exporter;
    this.ingest = new TraceIngestWriter({
      store: o.store,
      keys: o.keys,
      clock: o.clock,
      logger: o.logger,
      ...(o.maxPendingSegments === undefined ? {} : { maxPending: o.maxPendingSegments }),
      ...(exporter === undefined ? {} : { onStored: (accountId: string, documents: readonly string[]) => exporter.export(accountId, documents) }),
    });
    this.sweeper = new RetentionSweeper({
      store: o.store,
      clock: o.clock,
      logger: o.logger,
      ...(o.sweepIntervalMs === undefined ? {} : { intervalMs: o.sweepIntervalMs }),
    });
    const ingest = this.ingest;
    this.deps = { store: o.store, keys: o.keys, clock: o.clock, region: o.region, authorize: o.authorize, writeSegments: (a, r, d) => ingest.write(a, r, d) };
  }

  start(): void {
    this.sweeper.start();
  }

  async close(): Promise<void> {
    await this.sweeper.close();
    await this.ingest.close();
    await this.exporter?.close();
  }
}
