/** Delivery's statements on PostgreSQL, the counterpart of delivery-sql.ts. */
import type { TrailDeliveryTx } from './delivery-tx.js';
import type { KeyRow, LogFileRow, StateRow } from './delivery-rows.js';
import { STATE_COLUMNS, stateValues, toLogFile, toSigningKey, toState } from './delivery-rows.js';
import type { PgQueryable, PgRow } from '../../../../store/postgres/pg-tables.js';

const PUT_STATE = `INSERT INTO cloudtrail_delivery_trails (${STATE_COLUMNS.join(', ')})
  VALUES (${STATE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (trail_arn) DO UPDATE SET ${STATE_COLUMNS.slice(1)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

const INSERT_LOG = `INSERT INTO cloudtrail_delivery_log_files (trail_arn, bucket, object_key, sha256, oldest_event_time,
    newest_event_time, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`;

export function trailDeliveryPg(db: PgQueryable): TrailDeliveryTx {
  return {
    async getDeliveryState(trailArn) {
      const row = (await db.query<StateRow & PgRow>('SELECT * FROM cloudtrail_delivery_trails WHERE trail_arn = $1', [trailArn]))[0];
      return row && toState(row);
    },
    async putDeliveryState(state) {
      await db.query(PUT_STATE, stateValues(state));
    },
    async deleteDeliveryState(trailArn) {
      await db.query('DELETE FROM cloudtrail_delivery_trails WHERE trail_arn = $1', [trailArn]);
    },
    async insertLogFile(f) {
      const rows = await db.query<{ id: number }>(INSERT_LOG, [
        f.trailArn,
        f.bucket,
        f.objectKey,
        f.sha256,
        f.oldestEventTime,
        f.newestEventTime,
        f.deliveredAt,
      ]);
      return Number(rows[0]?.id);
    },
    async logFilesAfter(trailArn, afterId) {
      const rows = await db.query<LogFileRow & PgRow>(
        'SELECT * FROM cloudtrail_delivery_log_files WHERE trail_arn = $1 AND id > $2 ORDER BY id',
        [trailArn, afterId],
      );
      return rows.map(toLogFile);
    },
    async insertSigningKey(k) {
      await db.query(
        `INSERT INTO cloudtrail_delivery_keys (fingerprint, public_key, sealed_private_key, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5)`,
        [k.fingerprint, k.publicKeyDer, k.sealedPrivateKey, k.validFrom, k.validTo],
      );
    },
    async signingKeysOverlapping(start, end) {
      const rows = await db.query<KeyRow & PgRow>(
        'SELECT * FROM cloudtrail_delivery_keys WHERE valid_from <= $1 AND valid_to >= $2 ORDER BY valid_from',
        [end, start],
      );
      return rows.map(toSigningKey);
    },
    async latestSigningKey() {
      const row = (await db.query<KeyRow & PgRow>('SELECT * FROM cloudtrail_delivery_keys ORDER BY valid_from DESC LIMIT 1'))[0];
      return row && toSigningKey(row);
    },
  };
}
