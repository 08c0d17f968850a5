/** What `bench async` and its lambdabox server process (bench/async-server.ts) say to each other over IPC. */
export const ASYNC_BENCH_KEY = { accessKeyId: 'AKIALAMBDABOXBENCH01', secretAccessKey: 'lambdabox-bench-secret-0123456789abcdef' };
export const ASYNC_BENCH_REGION = 'us-east-1';
export const ASYNC_BENCH_FUNCTION = 'noop';

export interface AsyncServerReady {
  readonly type: 'ready';
  readonly url: string;
}

export type AsyncServerCommand =
  /** enqueue `events` in process from 256 concurrent callers; replies with `ms` */
  | { readonly cmd: 'enqueue'; readonly events: number }
  /** group-commit counters */
  | { readonly cmd: 'stats' }
  /** events still queued */
  | { readonly cmd: 'pending' }
  | { readonly cmd: 'close' };

export interface AsyncServerRequest {
  readonly id: number;
  readonly command: AsyncServerCommand;
}

export interface AsyncServerReply {
  readonly type: 'done';
  readonly id: number;
  readonly ms?: number;
  readonly commits?: number;
  readonly operations?: number;
  readonly pending?: number;
  readonly error?: string;
  /** the server's monotonic clock (µs, as in its CPU profile) when it replied */
  readonly at?: number;
}
