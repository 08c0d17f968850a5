/** Delivery's statements on SQLite (delivery-tx.ts). */
import type Database from 'better-sqlite3';
import type { TrailDeliveryTx } from './delivery-tx.js';
import type { KeyRow, LogFileRow, StateRow } from './delivery-rows.js';
import { STATE_COLUMNS, stateValues, toLogFile, toSigningKey, toState } from './delivery-rows.js';

export function trailDeliverySql(db: Database.Database): TrailDeliveryTx {
  const getState = db.prepare<[string], StateRow>('SELECT * FROM cloudtrail_delivery_trails WHERE trail_arn = ?');
  const putState = db.prepare(
    `INSERT OR REPLACE INTO cloudtrail_delivery_trails (${STATE_COLUMNS.join(', ')})
     VALUES (${STATE_COLUMNS.map(() => '?').join(', ')})`,
  );
  const delState = db.prepare('DELETE FROM cloudtrail_delivery_trails WHERE trail_arn = ?');
  const insertLog = db.prepare(
    `INSERT INTO cloudtrail_delivery_log_files (trail_arn, bucket, object_key, sha256, oldest_event_time,
       newest_event_time, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const logsAfter = db.prepare<[string, number], LogFileRow>(
    'SELECT * FROM cloudtrail_delivery_log_files WHERE trail_arn = ? AND id > ? ORDER BY id',
  );
  const insertKey = db.prepare(
    `INSERT INTO cloudtrail_delivery_keys (fingerprint, public_key, sealed_private_key, valid_from, valid_to)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const keysOverlapping = db.prepare<[number, number], KeyRow>(
    'SELECT * FROM cloudtrail_delivery_keys WHERE valid_from <= ? AND valid_to >= ? ORDER BY valid_from',
  );
  const latestKey = db.prepare<[], KeyRow>('SELECT * FROM cloudtrail_delivery_keys ORDER BY valid_from DESC LIMIT 1');
  return {
    async getDeliveryState(trailArn) {
      const row = getState.get(trailArn);
      return row && toState(row);
    },
    async putDeliveryState(state) {
      putState.run(...stateValues(state));
    },
    async deleteDeliveryState(trailArn) {
      delState.run(trailArn);
    },
    async insertLogFile(f) {
      const info = insertLog.run(f.trailArn, f.bucket, f.objectKey, f.sha256, f.oldestEventTime, f.newestEventTime, f.deliveredAt);
      return Number(info.lastInsertRowid);
    },
    async logFilesAfter(trailArn, afterId) {
      return logsAfter.all(trailArn, afterId).map(toLogFile);
    },
    async insertSigningKey(k) {
      insertKey.run(k.fingerprint, k.publicKeyDer, k.sealedPrivateKey, k.validFrom, k.validTo);
    },
    async signingKeysOverlapping(start, end) {
      return keysOverlapping.all(end, start).map(toSigningKey);
    },
    async latestSigningKey() {
      const row = latestKey.get();
      return row && toSigningKey(row);
    },
  };
}
