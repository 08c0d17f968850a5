/** What every control-plane service is built from; passed in, never imported as globals. */
import type { Logger } from 'pino';
import type { Store, StoreTx } from '../store/store.js';
import type { SqsTx } from '../services/sqs/store/sqs-tx.js';
import type { BlobStore } from '../store/blob-store.js';
import type { KeyService } from '../shared/crypto/key-service.js';
import type { Clock } from '../shared/clock.js';
import type { CodeUrls } from './code-urls.js';
import type { Deployer } from './functions/deployer.js';
import type { Authorize } from '../iam/authz/authorize.js';
import type { SandboxBackendName } from '../shared/platform-tags/sandbox-tag.js';

export interface ControlDeps {
  /** The core's tables, and SQS's for the queue policies a destination or dead-letter check reads. */
  readonly store: Store<StoreTx & SqsTx>;
  readonly blobs: BlobStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly codeUrls: CodeUrls;
  readonly deployer: Deployer;
  readonly logger: Logger;
  /**
   * Tells the data plane a version's code or configuration changed or is gone, so its execution
   * environments are retired (no version argument: every version of the function).
   */
  readonly retire?: (accountId: string, functionName: string, version?: string) => void;
  /**
   * Evaluates whether execution roles may send to the dead-letter queues and destinations configured
   * for them; without it those checks are skipped.
   */
  readonly authorize?: Authorize;
  /**
   * The server's sandbox backend for untagged functions, and the floor a `lambdabox:sandbox` tag may
   * not go below. @default 'bwrap'
   */
  readonly defaultSandbox?: SandboxBackendName;
}
