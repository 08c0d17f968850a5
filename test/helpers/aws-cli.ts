/**
 * Runs the real Debian AWS CLI v2 (/usr/bin/aws — the first `aws` on PATH may be an old v1) with a
 * clean environment: only the credentials, region and settings given here.
 */
import { spawn } from 'node:child_process';

export const AWS_CLI = '/usr/bin/aws';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region?: string;
  readonly cwd?: string;
}

export function awsCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(AWS_CLI, [...args, '--endpoint-url', options.endpoint, '--output', 'json'], {
      cwd: options.cwd,
      env: {
        PATH: '/usr/bin:/bin',
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: options.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.secretAccessKey,
        ...(options.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: options.sessionToken }),
        AWS_DEFAULT_REGION: options.region ?? 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      }),
    );
  });
}
