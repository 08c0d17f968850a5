#!/usr/bin/env node
/** The `lambdabox` command. */
import { Command } from 'commander';
import { runServer } from './server-command.js';
import { runDoctor } from './doctor.js';
import { logsTail } from './logs-command.js';

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
  .action(async (flags: Record<string, unknown>) => {
    await runServer(
      {
        ...(typeof flags['host'] === 'string' ? { host: flags['host'] } : {}),
        ...(typeof flags['port'] === 'string' ? { port: flags['port'] } : {}),
        ...(typeof flags['dataDir'] === 'string' ? { dataDir: flags['dataDir'] } : {}),
        ...(typeof flags['region'] === 'string' ? { region: flags['region'] } : {}),
        ...(typeof flags['logLevel'] === 'string' ? { logLevel: flags['logLevel'] } : {}),
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
  .option('--data-dir <dir>', 'data directory (env LAMBDABOX_HOME)', undefined)
  .action(async (functionName: string, flags: Record<string, unknown>) => {
    process.exitCode = await logsTail(
      {
        functionName,
        follow: flags['follow'] === true,
        lines: Number(flags['lines'] ?? 100),
        accountId: typeof flags['account'] === 'string' ? flags['account'] : undefined,
        dataDir: typeof flags['dataDir'] === 'string' ? flags['dataDir'] : undefined,
      },
      process.env,
    );
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lambdabox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
