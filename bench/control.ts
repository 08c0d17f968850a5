/**
 * Control-plane throughput through the real front door (HTTP, SigV4, store) with the real AWS SDK:
 * CreateFunction sequential and with 8 clients, GetFunction with 16 clients, ListFunctions over
 * 1,000 functions (default page of 50, and the whole list in one call). Server and clients share
 * this process, so the figures include the SDK's own cost, as a user's would.
 */
import { parseArgs } from 'node:util';
import { CreateFunctionCommand, GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../test/helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../test/helpers/zips.js';
import { measure } from './measure.js';
import { markdownReport } from './report.js';
import type { Row } from './report.js';

interface ControlSettings {
  readonly creates: number;
  readonly functions: number;
  readonly seconds: number;
}

function settings(args: readonly string[]): ControlSettings {
  const { values } = parseArgs({
    args: [...args],
    options: {
      creates: { type: 'string', default: '300' },
      functions: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '5' },
    },
  });
  const num = (v: string, name: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return { creates: num(values.creates, 'creates'), functions: num(values.functions, 'functions'), seconds: num(values.seconds, 'seconds') };
}

export async function runControlBench(args: readonly string[]): Promise<void> {
  const s = settings(args);
  const startedAt = new Date();
  const fixture = await startLambdabox();
  try {
    const clients: LambdaClient[] = Array.from({ length: 16 }, () => fixture.lambda());
    const client = (c: number): LambdaClient => clients[c % clients.length] ?? fixture.lambda();
    const zip = helloZip('bench');
    let created = 0;
    const create = async (c: number): Promise<void> => {
      const name = `bench-${String(created++).padStart(5, '0')}`;
      await client(c).send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zip } }),
      );
    };
    const rows: Row[] = [];
    const zipNote = `${zip.length}-byte zip`;
    rows.push({ operation: 'CreateFunction', setup: `sequential, ${zipNote}`, m: await measure(1, { ops: s.creates }, create) });
    rows.push({ operation: 'CreateFunction', setup: `8 concurrent clients, ${zipNote}`, m: await measure(8, { ops: s.creates }, create) });

    // Fill up to the list size without timing it, then let every version settle so background work is done.
    const missing = Math.max(0, s.functions - created);
    await measure(8, { ops: missing }, create);
    await fixture.settled();
    const names = Array.from({ length: created }, (_, i) => `bench-${String(i).padStart(5, '0')}`);

    rows.push({
      operation: 'GetFunction',
      setup: `random one of ${created} functions`,
      m: await measure(16, { seconds: s.seconds }, async (c, i) => {
        await client(c).send(new GetFunctionCommand({ FunctionName: names[(i * 7919) % names.length] }));
      }),
    });
    const listAll = await client(0).send(new ListFunctionsCommand({ MaxItems: s.functions }));
    if (listAll.Functions?.length !== created) throw new Error(`ListFunctions returned ${String(listAll.Functions?.length)} of ${created} functions`);
    rows.push({
      operation: 'ListFunctions',
      setup: `${created} functions, default page (50)`,
      m: await measure(8, { seconds: s.seconds }, async (c) => {
        await client(c).send(new ListFunctionsCommand({}));
      }),
    });
    rows.push({
      operation: 'ListFunctions',
      setup: `${created} functions, MaxItems ${s.functions} (whole list)`,
      m: await measure(8, { seconds: s.seconds }, async (c) => {
        await client(c).send(new ListFunctionsCommand({ MaxItems: s.functions }));
      }),
    });

    const command = `npm run bench -- control${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
    process.stdout.write(
      markdownReport('Control plane', command, startedAt, rows, [
        'server and SDK clients in one Node process (loopback HTTP, SigV4 on every request, SQLite WAL store, encrypted blobs)',
        'clients: @aws-sdk/client-lambda, one LambdaClient per concurrent client, maxAttempts 1',
      ]),
    );
  } finally {
    await fixture.close();
  }
}
