/**
 * A TrailDelivery over a real SQLite store (delivery's tables), a real key service and a temp trail root,
 * with a manual clock and tiny in-test trails and events: those two ports belong to the trail operations and
 * the event store, which these tests do not need.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { KeyService } from '../../../../src/shared/crypto/key-service.js';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import { trailDeliveryTables } from '../../../../src/services/cloudtrail/delivery/store/delivery-tables.js';
import type { TrailDeliveryStore } from '../../../../src/services/cloudtrail/delivery/store/delivery-tables.js';
import type { TrailDeliveryTx } from '../../../../src/services/cloudtrail/delivery/store/delivery-tx.js';
import { TrailDelivery } from '../../../../src/services/cloudtrail/delivery/trail-delivery.js';
import type { TrailDeliveryOptions } from '../../../../src/services/cloudtrail/delivery/trail-delivery.js';
import type { LoggingTrail } from '../../../../src/services/cloudtrail/trail-ports.js';
import type { StoredTrailEvent } from '../../../../src/services/cloudtrail/store/trail-event-records.js';
import type { ValidatedTrail } from '../../../../src/services/cloudtrail/validation/validate-trail.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const T0 = Date.parse('2026-12-07T10:00:00Z');

export class ManualClock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function loggingTrail(name: string, overrides: Partial<LoggingTrail> = {}): LoggingTrail {
  return {
    accountId: ACCOUNT,
    homeRegion: REGION,
    name,
    arn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}`,
    s3BucketName: `${name}-bucket`,
    logFileValidationEnabled: true,
    isMultiRegionTrail: false,
    selects: () => true,
    ...overrides,
  };
}

export function validatedTrail(t: LoggingTrail): ValidatedTrail {
  return { arn: t.arn, bucket: t.s3BucketName, prefix: t.s3KeyPrefix, accountId: t.accountId, region: t.homeRegion };
}

export interface DeliveryFixture {
  readonly root: string;
  readonly clock: ManualClock;
  readonly store: TrailDeliveryStore;
  readonly events: StoredTrailEvent[];
  readonly trails: LoggingTrail[];
  readonly delivery: TrailDelivery;
  /** Appends an event at the clock's time; its record keeps the given spacing (never re-serialized). */
  addEvent(overrides?: Partial<StoredTrailEvent>): StoredTrailEvent;
  /** Makes the next transaction that records a log file fail after its writes, as a crash before commit would. */
  failNextLogCommit(): void;
  close(): Promise<void>;
}

export async function deliveryFixture(options: Partial<TrailDeliveryOptions> = {}): Promise<DeliveryFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-trail-'));
  const real = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [trailDeliveryTables()] });
  await real.start();
  let failLogCommit = false;
  const transact = <T>(fn: (tx: TrailDeliveryTx) => Promise<T>): Promise<T> =>
    real.transact(async (tx) => {
      let recordedLog = false;
      const watched = new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop === 'insertLogFile') recordedLog = true;
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
      const result = await fn(watched);
      if (recordedLog && failLogCommit) {
        failLogCommit = false;
        throw new Error('simulated crash before commit');
      }
      return result;
    });
  const store = new Proxy(real, {
    get(target, prop) {
      if (prop === 'transact') return transact;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as TrailDeliveryStore;
  const clock = new ManualClock(T0);
  const events: StoredTrailEvent[] = [];
  const trails: LoggingTrail[] = [];
  const delivery = new TrailDelivery({
    store,
    keys: new KeyService(randomBytes(32)),
    clock,
    logger: pino({ level: 'silent' }),
    source: { eventsAfter: async (after, limit) => events.filter((e) => e.seq > after).slice(0, limit) },
    trails: { loggingTrails: async () => [...trails] },
    trailRoot: join(dir, 'trails'),
    ...options,
  });
  return {
    root: join(dir, 'trails'),
    clock,
    store,
    events,
    trails,
    delivery,
    addEvent(overrides = {}) {
      const seq = events.length + 1;
      const eventId = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
      const eventTime = clock.ms;
      const event: StoredTrailEvent = {
        seq,
        accountId: ACCOUNT,
        region: REGION,
        eventId,
        eventTime,
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunction20150331',
        readOnly: false,
        management: true,
        resources: [],
        record: `{"eventVersion":"1.08",  "eventTime":"${new Date(eventTime).toISOString()}","eventID":"${eventId}"}`,
        ...overrides,
      };
      events.push(event);
      return event;
    },
    failNextLogCommit() {
      failLogCommit = true;
    },
    async close() {
      delivery.destroy();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
