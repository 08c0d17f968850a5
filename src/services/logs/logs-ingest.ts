/**
 * The in-process door other components (Lambda's invoke path, async delivery) write function logs
 * through. Lambda's platform writes as the function's execution role would (logs:CreateLogGroup,
 * logs:CreateLogStream, logs:PutLogEvents): the caller checks the role's permission before calling
 * `append`; the ingest creates the group and stream when missing, as Lambda does.
 */
export interface IngestLogEvent {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
}

export interface LogsIngest {
  /**
   * Buffers events for `group`/`stream` of `accountId` (group commit); they become readable through the
   * Logs API once flushed. Never throws for a full or closed ingest: logs are not acknowledged state.
   */
  append(accountId: string, group: string, stream: string, events: readonly IngestLogEvent[]): void;
  /** Resolves when everything appended before the call is durable. */
  flush(): Promise<void>;
}
