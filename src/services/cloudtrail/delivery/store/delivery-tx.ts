import type { DeliveredLogFile, NewDeliveredLogFile, TrailDeliveryState, TrailSigningKey } from './delivery-records.js';

/** CloudTrail delivery's tables (module `cloudtrail_delivery`), the same on SQLite and PostgreSQL. */
export interface TrailDeliveryTx {
  getDeliveryState(trailArn: string): Promise<TrailDeliveryState | undefined>;
  /** Inserts or replaces the trail's whole state row. */
  putDeliveryState(state: TrailDeliveryState): Promise<void>;
  deleteDeliveryState(trailArn: string): Promise<void>;
  /** Records a delivered log file; returns its id. */
  insertLogFile(file: NewDeliveredLogFile): Promise<number>;
  /** The trail's log files with an id above `afterId`, in delivery order. */
  logFilesAfter(trailArn: string, afterId: number): Promise<DeliveredLogFile[]>;
  insertSigningKey(key: TrailSigningKey): Promise<void>;
  /** Keys whose validity window overlaps [start, end], oldest first. */
  signingKeysOverlapping(start: number, end: number): Promise<TrailSigningKey[]>;
  /** The key with the latest validity start, if any. */
  latestSigningKey(): Promise<TrailSigningKey | undefined>;
}
