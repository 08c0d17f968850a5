#!/usr/bin/env node
/** The `lambdabox` command. */
import { Command } from 'commander';
import { runServer } from './server-command.js';
import { runDoctor } from './doctor.js';
import { logsTail } from './logs-command.js';
import { accountsCreate } from './accounts-command.js';
import { findingsList } from './findings-command.js';
import { egressClear, egressGet, egressSet } from './egress-command.js';
import { trailValidate } from './trail-command.js';

const program = new Command();
program.name('lambdabox').description('A self-hosted, security-first AWS Lambda-compatible platform.');

program
  .command('server')
  .description('run the lambdabox server')
  .option('--host <host>', 'address to listen on (env LAMBDABOX_HOST)', undefined)
  .option('--port <port>', 'port to listen on (env LAMBDABOX_PORT)', undefined)
  .option('--data-dir <dir>', 'data directory (env LAMBDABOX_HOME)', undefined)
  .option('--region <region>', 'AWS region to serve (env LAMBDABOX_REGION)', undefined)
  .option('--log-level <level>', 'log level (env LAMBDABOX_LOG_LEVEL)', undefined)
  .option('--no-credentials-file', 'do not write <data-dir>/admin-credentials on first start')
  .option('--sandbox-backend <name>', 'bwrap or gvisor: the default for functions without a lambdabox:sandbox tag, and the least any tag may ask for (env LAMBDABOX_SANDBOX_BACKEND)', undefined)
  .option(
    '--egress-allow-private <address:port>',
    'a loopback, host or private destination functions may reach when their lambdabox:egress tag names it, e.g. 127.0.0.1:5432 or 10.0.0.0/8:443; repeatable (env LAMBDABOX_EGRESS_ALLOW_PRIVATE, comma-separated)',
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  )
  .option(
    '--connections-per-environment <n>',
    'connections one execution environment may hold to its Runtime API, API relay and egress proxy; one more destroys it (env LAMBDABOX_CONNECTIONS_PER_ENVIRONMENT, default 128)',
    undefined,
  )
  .option(
    '--store <where>',
    'sqlite (the file in the data dir) or postgres://user:password@host:port/database, a PostgreSQL database several nodes can share (env LAMBDABOX_STORE, default sqlite)',
    undefined,
  )
  .option('--blob-dir <dir>', 'where encrypted code and layer blobs live; nodes sharing a store share it (env LAMBDABOX_BLOB_DIR, default <data-dir>/blobs)', undefined)
  .option('--trail-dir <dir>', 'where trail log files and digests are written; nodes sharing a store share it (env LAMBDABOX_TRAIL_DIR, default <data-dir>/trails)', undefined)
  .option('--advertise-url <url>', 'where the other nodes of a shared store reach this one (env LAMBDABOX_ADVERTISE_URL, default this server\'s address)', undefined)
  .option('--node-lease-ms <ms>', 'a node silent this long counts as dead; peers release its work (env LAMBDABOX_NODE_LEASE_MS, default 15000)', undefined)
  .option('--otlp-endpoint <url>', 'an OpenTelemetry collector X-Ray segments are also exported to, as OTLP/HTTP JSON (env LAMBDABOX_OTLP_ENDPOINT)', undefined)
  .action(async (flags: Record<string, unknown>) => {
    await runServer(
      {
        ...(typeof flags['host'] === 'string' ? { host: flags['host'] } : {}),
        ...(typeof flags['port'] === 'string' ? { port: flags['port'] } : {}),
        ...(typeof flags['dataDir'] === 'string' ? { dataDir: flags['dataDir'] } : {}),
        ...(typeof flags['region'] === 'string' ? { region: flags['region'] } : {}),
        ...(typeof flags['logLevel'] === 'string' ? { logLevel: flags['logLevel'] } : {}),
        ...(typeof flags['sandboxBackend'] === 'string' ? { sandboxBackend: flags['sandboxBackend'] } : {}),
        ...(Array.isArray(flags['egressAllowPrivate']) ? { egressAllowPrivate: flags['egressAllowPrivate'].map(String) } : {}),
        ...(typeof flags['connectionsPerEnvironment'] === 'string' ? { connectionsPerEnvironment: flags['connectionsPerEnvironment'] } : {}),
        ...(typeof flags['store'] === 'string' ? { store: flags['store'] } : {}),
        ...(typeof flags['blobDir'] === 'string' ? { blobDir: flags['blobDir'] } : {}),
        ...(typeof flags['trailDir'] === 'string' ? { trailDir: flags['trailDir'] } : {}),
        ...(typeof flags['advertiseUrl'] === 'string' ? { advertiseUrl: flags['advertiseUrl'] } : {}),
        ...(typeof flags['nodeLeaseMs'] === 'string' ? { nodeLeaseMs: flags['nodeLeaseMs'] } : {}),
        ...(typeof flags['otlpEndpoint'] === 'string' ? { otlpEndpoint: flags['otlpEndpoint'] } : {}),
        credentialsFile: flags['credentialsFile'] !== false,
      },
      process.env,
    );
  });

program
  .command('doctor')
  .description('check this host for what lambdabox needs and print exact fixes')
  .option('--data-dir <dir>', 'data directory to check (env LAMBDABOX_HOME)', undefined)
  .action(async (flags: Record<string, unknown>) => {
    const code = await runDoctor({ dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined }, process.env);
    process.exitCode = code;
  });

const logs = program.command('logs').description("read functions' logs");
logs
  .command('tail <function>')
  .description("print a function's log group (/aws/lambda/<function>)")
  .option('--follow', 'keep printing new lines')
  .option('--lines <n>', 'lines of history to print first', '100')
  .option('--account <id>', 'account id', '000000000000')
  .option('--data-dir <dir>', 'admin credentials from this data dir (env LAMBDABOX_HOME)', undefined)
  .option('--endpoint-url <url>', 'the lambdabox server (env LAMBDABOX_ENDPOINT_URL)', undefined)
  .option('--region <region>', 'region (env LAMBDABOX_REGION)', undefined)
  .action(async (functionName: string, flags: Record<string, unknown>) => {
    process.exitCode = await logsTail(
      {
        functionName,
        follow: flags['follow'] === true,
        lines: Number(flags['lines'] ?? 100),
        accountId: typeof flags['account'] === 'string' ? flags['account'] : undefined,
        dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined,
        endpointUrl: typeof flags['endpointUrl'] === 'string' ? flags['endpointUrl'] : undefined,
        region: typeof flags['region'] === 'string' ? flags['region'] : undefined,
      },
      process.env,
    );
  });

const findings = program.command('findings').description('security findings (attempts to reach deny-listed destinations, environments destroyed for exceeding a limit)');
findings
  .command('list')
  .description('print the findings recorded in the data dir')
  .option('--function <name>', 'only findings of this function (name or ARN)')
  .option('--json', 'print JSON')
  .option('--data-dir <dir>', 'data directory (env LAMBDABOX_HOME)', undefined)
  .action(async (flags: Record<string, unknown>) => {
    process.exitCode = await findingsList(
      {
        dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined,
        functionName: typeof flags['function'] === 'string' ? flags['function'] : undefined,
        json: flags['json'] === true,
      },
      process.env,
    );
  });

const egress = program
  .command('egress')
  .description("a function's egress policy (tag lambdabox:egress): host:port patterns; none = no network")
  .option('--endpoint-url <url>', 'lambdabox API (env LAMBDABOX_ENDPOINT_URL)', undefined)
  .option('--region <region>', 'region (env LAMBDABOX_REGION)', undefined)
  .option('--data-dir <dir>', 'admin credentials from this data dir (env LAMBDABOX_HOME)', undefined);
const egressFlags = (): { endpointUrl?: string; region?: string; dataDir?: string } => {
  const f = egress.opts<Record<string, unknown>>();
  return {
    ...(typeof f['endpointUrl'] === 'string' ? { endpointUrl: f['endpointUrl'] } : {}),
    ...(typeof f['region'] === 'string' ? { region: f['region'] } : {}),
    ...(typeof f['dataDir'] === 'string' ? { dataDir: f['dataDir'] } : {}),
  };
};
egress
  .command('set <function> <patterns...>')
  .description('allow exactly these destinations, e.g. api.example.com:443 "*.example.org:443"; host-local and private ones such as 127.0.0.1:5432 also need the server\'s --egress-allow-private')
  .action(async (fn: string, patterns: string[]) => {
    process.exitCode = await egressSet(fn, patterns, egressFlags(), process.env);
  });
egress
  .command('get <function>')
  .description('print the policy')
  .action(async (fn: string) => {
    process.exitCode = await egressGet(fn, egressFlags(), process.env);
  });
egress
  .command('clear <function>')
  .description('remove the policy (no network)')
  .action(async (fn: string) => {
    process.exitCode = await egressClear(fn, egressFlags(), process.env);
  });

const accounts = program.command('accounts').description('platform accounts (administrator only)');
accounts
  .command('create')
  .description('create an isolated account with its own root access key and print how to use it')
  .option('--endpoint-url <url>', 'the lambdabox server (env LAMBDABOX_ENDPOINT_URL)', undefined)
  .option('--region <region>', 'region the server serves (env LAMBDABOX_REGION)', undefined)
  .option('--data-dir <dir>', 'where admin-credentials is read from when AWS_ACCESS_KEY_ID is unset (env LAMBDABOX_HOME)', undefined)
  .action(async (flags: Record<string, unknown>) => {
    process.exitCode = await accountsCreate(
      {
        endpointUrl: typeof flags['endpointUrl'] === 'string' ? flags['endpointUrl'] : undefined,
        region: typeof flags['region'] === 'string' ? flags['region'] : undefined,
        dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined,
      },
      process.env,
    );
  });

const trail = program.command('trail').description('CloudTrail trails: log file integrity');
trail
  .command('validate')
  .description("validate a trail's log files and signed digests, as aws cloudtrail validate-logs does; exit 1 when any is invalid")
  .requiredOption('--trail <name-or-arn>', 'the trail')
  .requiredOption('--start-time <time>', 'validate files delivered on or after this UTC time, e.g. 2026-01-08T05:21:42Z')
  .option('--end-time <time>', 'and on or before this one (default now)')
  .option('--verbose', 'list every valid file too')
  .option('--endpoint-url <url>', 'the lambdabox server (env LAMBDABOX_ENDPOINT_URL)', undefined)
  .option('--region <region>', 'region the server serves (env LAMBDABOX_REGION)', undefined)
  .option('--data-dir <dir>', 'where the trail files (<dir>/trails) and admin-credentials are read from (env LAMBDABOX_HOME)', undefined)
  .option('--trail-dir <dir>', 'where the trail files are, when the server writes them elsewhere (env LAMBDABOX_TRAIL_DIR)', undefined)
  .action(async (flags: Record<string, unknown>) => {
    process.exitCode = await trailValidate(
      {
        trail: String(flags['trail']),
        startTime: String(flags['startTime']),
        endTime: typeof flags['endTime'] === 'string' ? flags['endTime'] : undefined,
        verbose: flags['verbose'] === true,
        endpointUrl: typeof flags['endpointUrl'] === 'string' ? flags['endpointUrl'] : undefined,
        region: typeof flags['region'] === 'string' ? flags['region'] : undefined,
        dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined,
        trailDir: typeof flags['trailDir'] === 'string' ? flags['trailDir'] : undefined,
      },
      process.env,
    );
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lambdabox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
