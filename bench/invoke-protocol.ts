/** What the benchmark and its lambdabox server process (bench/invoke-server.ts) say to each other over IPC. */
export const BENCH_ACCESS_KEY_ID = 'AKIALAMBDABOXBENCH01';
export const BENCH_SECRET_ACCESS_KEY = 'lambdabox-bench-secret-0123456789abcdefgh';
export const BENCH_REGION = 'us-east-1';

/** What the server tells the parent once it listens. */
export interface ServerReady {
  readonly type: 'ready';
  readonly url: string;
  /** cgroups of this server's environments live under `<controller>/lambdabox/<instance>/`. */
  readonly instance: string;
}

export type ServerCommand = 'reap' | 'settled' | 'close';

export interface ServerRequest {
  readonly id: number;
  readonly cmd: ServerCommand;
}

export interface ServerReply {
  readonly type: 'done';
  readonly id: number;
  /** reap: how many environments were destroyed. */
  readonly count?: number;
  readonly error?: string;
}
