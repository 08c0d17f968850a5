/**
 * The composition root: builds every component from explicit options and owns their lifecycle.
 * `start()` opens the store and keys, bootstraps the admin key, resumes unfinished work and starts
 * listening; `close()` drains in reverse order; `destroy()` drops everything at once.
 */
import { mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { KeyService, loadOrCreateMasterKey } from './crypto/key-service.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { BlobStore } from './store/blob-store.js';
import { BlobCollector } from './store/blob-collector.js';
import { Deployer } from './control/functions/deployer.js';
import { CodeUrls } from './control/code-urls.js';
import { systemClock } from './control/clock.js';
import type { Clock } from './control/clock.js';
import type { ControlDeps } from './control/control-deps.js';
import { Authenticator } from './iam/authenticator.js';
import { bootstrapAdmin } from './iam/admin-bootstrap.js';
import type { AdminBootstrapResult } from './iam/admin-bootstrap.js';
import { FrontDoor } from './api/front-door.js';
import { LambdaApi } from './api/lambda/lambda-api.js';
import { PlatformRoutes } from './api/platform-routes.js';

export interface LambdaboxOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly region: string;
  readonly logger: Logger;
  readonly writeCredentialsFile?: boolean;
  readonly masterKey?: string | undefined;
  readonly adminAccessKeyId?: string | undefined;
  readonly adminSecretAccessKey?: string | undefined;
  readonly clock?: Clock;
}

export type LambdaboxState = 'new' | 'starting' | 'serving' | 'closing' | 'closed' | 'failed';

export class Lambdabox {
  readonly #options: LambdaboxOptions;
  #state: LambdaboxState = 'new';
  #store: SqliteStore | undefined;
  #deployer: Deployer | undefined;
  #collector: BlobCollector | undefined;
  #door: FrontDoor | undefined;
  #address: AddressInfo | undefined;
  #bootstrap: AdminBootstrapResult | undefined;
  #control: ControlDeps | undefined;

  constructor(options: LambdaboxOptions) {
    this.#options = options;
  }

  get state(): LambdaboxState {
    return this.#state;
  }

  /** `http://host:port` once serving. */
  get url(): string {
    if (this.#address === undefined) throw new Error('lambdabox is not serving');
    const host = this.#address.family === 'IPv6' ? `[${this.#address.address}]` : this.#address.address;
    return `http://${host}:${this.#address.port}`;
  }

  get bootstrap(): AdminBootstrapResult | undefined {
    return this.#bootstrap;
  }

  /** The control plane's dependencies, for in-process tools and tests that wait on settling. */
  get control(): ControlDeps {
    if (this.#control === undefined) throw new Error('lambdabox is not started');
    return this.#control;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`cannot start lambdabox in state ${this.#state}`);
    this.#state = 'starting';
    try {
      await this.#start();
      this.#state = 'serving';
    } catch (err) {
      this.#state = 'failed';
      this.destroy();
      throw err;
    }
  }

  async #start(): Promise<void> {
    const o = this.#options;
    const logger = o.logger;
    mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(o.dataDir, 0o700);
    const keys = new KeyService(loadOrCreateMasterKey({ dataDir: o.dataDir, masterKeyText: o.masterKey }));
    const store = new SqliteStore({ path: join(o.dataDir, 'lambdabox.db') });
    this.#store = store;
    await store.start();
    const blobDir = join(o.dataDir, 'blobs');
    const blobs = new BlobStore({ dir: blobDir, keys });
    await blobs.start();
    const clock = o.clock ?? systemClock;
    this.#bootstrap = await bootstrapAdmin({
      store,
      keys,
      dataDir: o.dataDir,
      writeCredentialsFile: o.writeCredentialsFile ?? true,
      suppliedAccessKeyId: o.adminAccessKeyId,
      suppliedSecretAccessKey: o.adminSecretAccessKey,
      now: clock.now(),
    });
    this.#collector = new BlobCollector({ store, blobs, logger, blobDir });
    await this.#collector.start();
    const deployer = new Deployer({ store, blobs, logger });
    this.#deployer = deployer;
    const codeUrls = new CodeUrls(keys, o.region);
    const control: ControlDeps = { store, blobs, keys, clock, codeUrls, deployer, logger };
    this.#control = control;
    await deployer.start();
    const authenticator = new Authenticator({ store, keys, region: o.region, now: () => clock.now() });
    this.#door = new FrontDoor({
      services: [new LambdaApi({ region: o.region, control })],
      authenticator,
      internal: new PlatformRoutes({ codeUrls, blobs, now: () => clock.now() }),
      logger,
    });
    this.#address = await this.#door.listen(o.host, o.port);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    this.#state = 'closing';
    await this.#door?.close();
    await this.#deployer?.close();
    await this.#collector?.close();
    await this.#store?.close();
    this.#state = 'closed';
  }

  destroy(): void {
    this.#door?.destroy();
    this.#deployer?.destroy();
    void this.#collector?.close();
    void this.#store?.close();
    this.#state = this.#state === 'failed' ? 'failed' : 'closed';
  }
}
