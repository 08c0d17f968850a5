/**
 * `/_lambdabox/*`: the health check (no authentication, no data) and presigned code downloads.
 */
import type { ApiRequest, ApiResponse } from '../http/api-request.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { InternalRoutes } from '../http/front-door.js';
import type { NodeRoutes } from '../cluster/node-routes.js';
import type { CodeUrls } from '../control/code-urls.js';
import type { BlobStore } from '../store/blob-store.js';
import { isAwsError } from '../shared/errors/aws-error.js';
import { renderRestJsonError } from '../http/rest-json-errors.js';

export interface PlatformRoutesOptions {
  readonly codeUrls: CodeUrls;
  readonly blobs: BlobStore;
  readonly now?: () => Date;
  /** The node channel, when this node is one of several sharing the store. */
  readonly nodes?: NodeRoutes;
  /** `GET /metrics` (the monitoring service's Prometheus endpoint, bearer-token authenticated). */
  readonly metrics?: { scrape(method: string, authorization: string | undefined): Promise<ApiResponse> };
}

export class PlatformRoutes implements InternalRoutes {
  readonly #options: PlatformRoutesOptions;

  constructor(options: PlatformRoutesOptions) {
    this.#options = options;
  }

  bodyLimit(method: string, rawPath: string, headers: IncomingHttpHeaders): number | undefined {
    return this.#options.nodes?.bodyLimit(method, rawPath, headers);
  }

  async handle(req: ApiRequest): Promise<ApiResponse | undefined> {
    if (this.#options.nodes?.owns(req.rawPath) === true) return this.#options.nodes.handle(req);
    if (req.rawPath === '/metrics') return this.#options.metrics?.scrape(req.method, req.headers.authorization);
    if (req.rawPath === '/_lambdabox/health') {
      return req.method === 'GET' || req.method === 'HEAD' ? { status: 200, body: { status: 'ok' } } : undefined;
    }
    if (req.rawPath.startsWith('/_lambdabox/code/') && req.method === 'GET') return this.#code(req);
    return undefined;
  }

  async #code(req: ApiRequest): Promise<ApiResponse> {
    const forbidden: ApiResponse = { status: 403, body: { message: 'Request has expired or its signature is invalid.' } };
    try {
      const headers: Array<readonly [string, string]> = [];
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers.push([k, v]);
        else if (Array.isArray(v)) for (const one of v) headers.push([k, one]);
      }
      const location = this.#options.codeUrls.verify(
        { method: req.method, path: req.rawPath, query: req.rawQuery, headers, body: req.body },
        (this.#options.now ?? (() => new Date()))(),
      );
      if (location === undefined) return forbidden;
      // The signature binds account and hash: only URLs we issued for that code get here.
      const zip = await this.#options.blobs.get(location.sha256Hex);
      return {
        status: 200,
        headers: { 'Content-Type': 'application/zip' },
        body: zip,
      };
    } catch (err) {
      if (isAwsError(err)) return { ...renderRestJsonError(err), status: 403 };
      throw err;
    }
  }
}
