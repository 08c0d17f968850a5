/**
 * The in-process door other components publish CloudWatch metrics through (Lambda's AWS/Lambda
 * metrics, SQS's AWS/SQS, metrics extracted from Embedded Metric Format log lines). Same data model as
 * PutMetricData's MetricDatum.
 */
export interface MetricDimension {
  readonly Name: string;
  readonly Value: string;
}

export interface IngestMetricDatum {
  readonly MetricName: string;
  readonly Dimensions?: readonly MetricDimension[];
  /** Epoch milliseconds. */
  readonly Timestamp: number;
  /** CloudWatch StandardUnit (`Count`, `Milliseconds`, `Seconds`, `Bytes`, `None`, …). */
  readonly Unit: string;
  /** One value, or several with their counts (PutMetricData's Values/Counts). */
  readonly Value?: number;
  readonly Values?: readonly number[];
  readonly Counts?: readonly number[];
  /** 1 (high resolution) or 60. @default 60 */
  readonly StorageResolution?: number;
}

export interface MetricsIngest {
  /** Buffers data points of `namespace` for `accountId`; aggregated per period and made durable in batches. */
  put(accountId: string, namespace: string, data: readonly IngestMetricDatum[]): void;
  /** Resolves when everything put before the call is durable and visible to GetMetricStatistics. */
  flush(): Promise<void>;
}
