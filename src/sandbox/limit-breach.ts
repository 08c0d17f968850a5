/**
 * What happens, besides its destruction, when an execution environment exceeds a limit that protects
 * the server every account shares (connection-guard.ts): one server log line naming the account,
 * function, version and environment; a High finding in `<data-dir>/findings.jsonl` (`lambdabox
 * findings list`), as an egress threat raises one; and a platform line for the function's own log,
 * so its owner sees why the invocation failed.
 */
import type { Logger } from 'pino';
import type { FindingsLog } from '../observe/findings/findings-log.js';
import type { GuardedListener } from './connection-guard.js';
import type { VersionKey } from './environment-types.js';

/** GuardDuty names threats `Purpose:Resource/Family`; "Impact" is its purpose for denial of service. */
export const CONNECTION_EXHAUSTION_FINDING = 'Impact:Lambda/ConnectionExhaustion';

export interface LimitBreach {
  readonly key: VersionKey;
  readonly envId: string;
  readonly requestId: string | undefined;
  readonly listener: GuardedListener;
  readonly limit: number;
}

export interface LimitBreachReporterOptions {
  readonly region: string;
  readonly logger: Logger;
  readonly findings: FindingsLog;
}

export class LimitBreachReporter {
  readonly #o: LimitBreachReporterOptions;

  constructor(options: LimitBreachReporterOptions) {
    this.#o = options;
  }

  /** Logs and records the breach; returns the platform line for the function's log. */
  connections(b: LimitBreach): string {
    const { accountId, functionName, version } = b.key;
    const functionArn = `arn:aws:lambda:${this.#o.region}:${accountId}:function:${functionName}${version === '$LATEST' ? '' : `:${version}`}`;
    this.#o.logger.error(
      { accountId, functionName, version, envId: b.envId, requestId: b.requestId, listener: b.listener, limit: b.limit },
      `execution environment ${b.envId} of account ${accountId} function ${functionName}:${version} opened more than ` +
        `${b.limit} connections (${b.listener}): destroyed`,
    );
    void this.#o.findings
      .append({
        type: CONNECTION_EXHAUSTION_FINDING,
        severity: 'High',
        accountId,
        functionArn,
        envId: b.envId,
        ...(b.requestId === undefined ? {} : { requestId: b.requestId }),
        limit: { kind: 'connections', listener: b.listener, max: b.limit },
      })
      .then(
        (finding) => this.#o.logger.warn({ finding }, 'resource finding'),
        (err: unknown) => this.#o.logger.error({ err }, 'could not record a resource finding'),
      );
    return [
      `LIMIT RequestId: ${b.requestId ?? '-'}`,
      `Exceeded: ${b.limit} connections`,
      `Listener: ${b.listener}`,
      'Action: environment destroyed',
      `Environment: ${b.envId}`,
      `Function: ${functionArn}`,
    ].join('\t');
  }
}
