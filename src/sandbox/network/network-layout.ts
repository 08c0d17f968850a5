/**
 * Where an environment's network endpoints are, inside and outside the sandbox, and the variables
 * that name them. Inside, the network namespace has only loopback; every endpoint is an in-sandbox
 * TCP listener on 127.0.0.1 relayed to a Unix socket bound from the environment's run directory.
 * The runtime's bootstrap starts those relays (one list, `_LAMBDABOX_TCP_RELAYS`, the same
 * for every runtime family; the Runtime API's own relay at 127.0.0.1:9001 predates it).
 */
import type { SandboxMount } from '../launch/sandbox-spec.js';

/** Lambda's Runtime API address (lambda-environment.ts). */
export const RUNTIME_API_PORT = 9001;
/** AWS_ENDPOINT_URL: the lambdabox API. */
export const API_RELAY_PORT = 9002;
/** HTTP(S)_PROXY: the egress proxy. */
export const EGRESS_PROXY_PORT = 9003;
/** In-sandbox ports the platform owns; a policy's loopback forward cannot take them. */
export const RESERVED_SANDBOX_PORTS: ReadonlySet<number> = new Set([RUNTIME_API_PORT, API_RELAY_PORT, EGRESS_PROXY_PORT]);

export const RELAY_LIST_VARIABLE = '_LAMBDABOX_TCP_RELAYS';
/** The X-Ray daemon's UDP address inside (AWS_XRAY_DAEMON_ADDRESS, lambda-environment.ts). */
export const XRAY_DAEMON_PORT = 2000;
/** UDP listeners the bootstrap relays as length-prefixed frames over a Unix stream (`host:port=/socket …`). */
export const UDP_RELAY_LIST_VARIABLE = '_LAMBDABOX_UDP_RELAYS';
/** Sockets appear here inside the sandbox (each file bound read-only: connecting needs no write). */
export const SANDBOX_NET_DIR = '/var/lambdabox-net';

export interface TcpRelay {
  /** In-sandbox listen address. */
  readonly host: string;
  readonly port: number;
  /** Host path of the Unix socket. */
  readonly hostSocket: string;
  /** File name inside SANDBOX_NET_DIR. */
  readonly name: string;
}

function authority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function relayMounts(relays: readonly TcpRelay[]): SandboxMount[] {
  return relays.map((r) => ({ kind: 'ro-bind', source: r.hostSocket, dest: `${SANDBOX_NET_DIR}/${r.name}` }));
}

/** The variables a sandbox gets. NO_PROXY keeps loopback (Runtime API, lambdabox API, forwards) direct. */
export function networkVariables(relays: readonly TcpRelay[], udpRelays: readonly TcpRelay[] = []): Record<string, string> {
  const proxy = `http://127.0.0.1:${EGRESS_PROXY_PORT}`;
  const noProxy = 'localhost,127.0.0.1,::1';
  return {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${API_RELAY_PORT}`,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    [RELAY_LIST_VARIABLE]: relays.map((r) => `${authority(r.host, r.port)}=${SANDBOX_NET_DIR}/${r.name}`).join(' '),
    ...(udpRelays.length === 0
      ? {}
      : { [UDP_RELAY_LIST_VARIABLE]: udpRelays.map((r) => `${authority(r.host, r.port)}=${SANDBOX_NET_DIR}/${r.name}`).join(' ') }),
  };
}
