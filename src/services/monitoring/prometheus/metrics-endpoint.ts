/**
 * `GET /metrics` for Prometheus: the text exposition of the service's registry, for an operator bearer
 * token (`Authorization: Bearer <token>`, compared in constant time through SHA-256 digests so neither the
 * token nor its length leaks). Without a configured token the endpoint is closed (403). A missing or wrong
 * token gets 401 / 403 and an empty-handed message; nothing of the registry.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiResponse } from '../../../http/api-request.js';
import type { Registry } from 'prom-client';

export interface MetricsEndpointOptions {
  readonly registry: Registry;
  /** The operator's scrape token; undefined closes the endpoint. */
  readonly token?: string;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class MetricsEndpoint {
  readonly #registry: Registry;
  readonly #token: Buffer | undefined;

  constructor(options: MetricsEndpointOptions) {
    this.#registry = options.registry;
    this.#token = options.token === undefined || options.token === '' ? undefined : digest(options.token);
  }

  async scrape(method: string, authorization: string | undefined): Promise<ApiResponse> {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { Allow: 'GET, HEAD' }, body: { message: 'Method Not Allowed' } };
    if (this.#token === undefined) return { status: 403, body: { message: 'The metrics endpoint is disabled: no metrics token is configured.' } };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (m === null || m[1] === undefined) {
      return { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="lambdabox metrics"' }, body: { message: 'Unauthorized' } };
    }
    if (!timingSafeEqual(digest(m[1]), this.#token)) return { status: 403, body: { message: 'Forbidden' } };
    return { status: 200, headers: { 'Content-Type': this.#registry.contentType }, body: await this.#registry.metrics() };
  }
}
