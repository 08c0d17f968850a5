/**
 * The in-process door segments reach the X-Ray service through: Lambda's own segments for functions
 * with `TracingConfig.Mode=Active`, and the documents a function's X-Ray SDK / OpenTelemetry sends to
 * the daemon address inside its sandbox. A document is X-Ray's segment document JSON
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
 */
export interface TraceIngest {
  /** Buffers segment documents of `accountId`; malformed ones are dropped (counted), never thrown. */
  put(accountId: string, documents: readonly string[]): void;
  /** Resolves when everything put before the call is durable and visible to BatchGetTraces. */
  flush(): Promise<void>;
}
