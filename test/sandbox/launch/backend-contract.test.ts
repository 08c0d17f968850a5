/**
 * The contract every sandbox backend meets, run against each one through the real server: bubblewrap
 * (the default) and gVisor (selected per function by the `lambdabox:sandbox=gvisor` tag, and per
 * server by the sandboxBackend option, which is also the floor no tag goes below). gVisor is skipped, with the reason, only when the host
 * cannot run it (no runsc).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { CreateFunctionCommand, TagResourceCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ROLE, zipOf } from '../../helpers/zips.js';
import { FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';
import { backendForTags, SANDBOX_TAG } from '../../../src/shared/platform-tags/sandbox-tag.js';
import type { SandboxBackendName } from '../../../src/shared/platform-tags/sandbox-tag.js';
import { SKIP_SANDBOX } from './launch-harness.js';

const CONTRACT = `import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, release, userInfo } from 'node:os';
import { lookup } from 'node:dns/promises';

const attempt = (host, port) => new Promise((resolve) => {
  const socket = connect({ host, port, timeout: 2000 });
  socket.once('connect', () => { socket.destroy(); resolve('connected'); });
  socket.once('timeout', () => { socket.destroy(); resolve('timeout'); });
  socket.once('error', (e) => resolve(e.code));
});
const tryWrite = (path) => { try { writeFileSync(path, 'x'); return 'written'; } catch (e) { return e.code; } };

export const handler = async (event) => {
  switch (event.mode) {
    case 'hello': return { hello: 'world', kernel: release(), uid: process.getuid() };
    case 'env': return { mine: process.env.CONTRACT_VAR, name: process.env.AWS_LAMBDA_FUNCTION_NAME };
    case 'tmp-write': writeFileSync('/tmp/marker', event.value); return readdirSync('/tmp');
    case 'tmp-read': return readdirSync('/tmp');
    case 'net': return { host: await attempt('127.0.0.1', event.port), outside: await attempt('192.0.2.1', 80) };
    case 'ro': return { task: tryWrite('/var/task/x'), root: tryWrite('/x'), tmp: tryWrite('/tmp/y') };
    case 'identity': return {
      home: homedir(), user: userInfo().username,
      group: readFileSync('/etc/group', 'utf8').split('\\n').find((l) => l.endsWith(':990:')),
      localhost: [(await lookup('localhost', { family: 4 })).address, (await lookup('localhost', { family: 6 })).address],
      passwdWrite: tryWrite('/etc/passwd'), hostsWrite: tryWrite('/etc/hosts'),
    };
    case 'big': return 'x'.repeat(7 * 1024 * 1024);
    case 'hang': setInterval(() => undefined, 1000); return new Promise(() => undefined);
    case 'oom': { const kept = []; for (let i = 0; i < 60; i++) kept.push(Buffer.alloc(10 * 1024 * 1024, 1)); return kept.length; }
  }
};
`;

function hostCanRunGvisor(): string | false {
  if (SKIP_SANDBOX !== false) return SKIP_SANDBOX;
  if (!['/usr/bin/runsc', '/usr/sbin/runsc', '/usr/local/bin/runsc'].some((p) => existsSync(p))) {
    return 'gVisor cannot run here: runsc is missing (apt-get install -y runsc)';
  }
  return false;
}

const BACKENDS: readonly { readonly name: SandboxBackendName; readonly skip: string | false }[] = [
  { name: 'bwrap', skip: SKIP_SANDBOX },
  { name: 'gvisor', skip: hostCanRunGvisor() },
];

/** gVisor reports its own emulated kernel release, bwrap the host's. */
const GVISOR_RELEASE = '4.4.0';

for (const backend of BACKENDS) {
  describe(`sandbox backend contract [${backend.name}]`, { skip: backend.skip, concurrency: false }, () => {
    let fx: LambdaboxFixture;
    let lambda: LambdaClient;
    let hostServer: Server;
    const tags: Record<string, string> = backend.name === 'bwrap' ? {} : { [SANDBOX_TAG]: backend.name };

    const create = async (name: string, options: { memorySize?: number; timeout?: number } = {}): Promise<void> => {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          Code: { ZipFile: zipOf({ 'index.mjs': CONTRACT }) },
          MemorySize: options.memorySize ?? FAST_MEMORY,
          Timeout: options.timeout ?? 30,
          Environment: { Variables: { CONTRACT_VAR: `value-for-${name}` } },
          Tags: tags,
        }),
      );
      await fx.settled();
    };
    const call = async (name: string, event: Record<string, unknown>) => invoke(lambda, name, { payload: JSON.stringify(event) });

    before(async () => {
      fx = await startLambdabox();
      lambda = fx.lambda();
      hostServer = createServer((socket) => socket.end('host service\n'));
      await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
      await create('contract');
      await create('neighbour');
    });
    after(async () => {
      hostServer.close();
      await fx.close();
    });

    test('hello world runs in the selected backend, as the sandbox user', async () => {
      const out = await call('contract', { mode: 'hello' });
      assert.equal(out.functionError, undefined, out.text);
      const body = out.json<{ hello: string; kernel: string; uid: number }>();
      assert.equal(body.hello, 'world');
      assert.equal(body.uid, 993);
      if (backend.name === 'gvisor') assert.equal(body.kernel, GVISOR_RELEASE);
      else assert.notEqual(body.kernel, GVISOR_RELEASE);
    });

    test('environment variables: the function\'s own and Lambda\'s', async () => {
      const out = await call('contract', { mode: 'env' });
      assert.deepEqual(out.json(), { mine: 'value-for-contract', name: 'contract' });
    });

    test('/tmp is private to the environment', async () => {
      const mine = await call('contract', { mode: 'tmp-write', value: 'secret' });
      assert.deepEqual(mine.json(), ['marker']);
      const theirs = await call('neighbour', { mode: 'tmp-read' });
      assert.deepEqual(theirs.json(), []);
    });

    test('no network: neither the host loopback nor the outside is reachable', async () => {
      const { port } = hostServer.address() as AddressInfo;
      const out = await call('contract', { mode: 'net', port });
      const body = out.json<{ host: string; outside: string }>();
      assert.notEqual(body.host, 'connected');
      assert.notEqual(body.outside, 'connected');
      assert.notEqual(body.outside, 'timeout', 'fails fast, with no route');
    });

    test('/var/task and / are read-only, /tmp is writable', async () => {
      const body = (await call('contract', { mode: 'ro' })).json<{ task: string; root: string; tmp: string }>();
      assert.ok(['EROFS', 'EACCES'].includes(body.task), body.task);
      assert.ok(['EROFS', 'EACCES'].includes(body.root), body.root);
      assert.equal(body.tmp, 'written');
    });

    test('Lambda\'s sandbox user and localhost: /etc/passwd, /etc/group, /etc/hosts, read-only', async () => {
      const out = await call('contract', { mode: 'identity' });
      assert.equal(out.functionError, undefined, out.text);
      const body = out.json<{ home: string; user: string; group: string; localhost: string[]; passwdWrite: string; hostsWrite: string }>();
      assert.equal(body.home, '/home/sbx_user1051');
      assert.equal(body.user, 'sbx_user1051');
      assert.equal(body.group, 'sbx_user1051:x:990:');
      assert.deepEqual(body.localhost, ['127.0.0.1', '::1']);
      assert.ok(['EROFS', 'EACCES'].includes(body.passwdWrite), body.passwdWrite);
      assert.ok(['EROFS', 'EACCES'].includes(body.hostsWrite), body.hostsWrite);
    });

    test('a 7 MB response is Function.ResponseSizeTooLarge, and the environment serves the next invoke', async () => {
      const before = (await call('contract', { mode: 'tmp-read' })).json<string[]>();
      const out = await call('contract', { mode: 'big' });
      assert.equal(out.functionError, 'Unhandled');
      assert.equal(out.json<{ errorType: string }>().errorType, 'Function.ResponseSizeTooLarge', out.text.slice(0, 200));
      assert.deepEqual((await call('contract', { mode: 'tmp-read' })).json(), before, 'the same environment (its /tmp) answered');
    });

    test('a handler that never returns is killed at the timeout, and the next invoke works', async () => {
      await create('hang', { timeout: 2 });
      const out = await call('hang', { mode: 'hang' });
      assert.equal(out.functionError, 'Unhandled');
      assert.equal(out.json<{ errorType: string }>().errorType, 'Sandbox.Timedout');
      const next = await call('hang', { mode: 'hello' });
      assert.equal(next.functionError, undefined, next.text);
    });

    test('memory past MemorySize is OOM-killed, and the next invoke works', async () => {
      await create('oom', { memorySize: 256 });
      const out = await call('oom', { mode: 'oom' });
      assert.equal(out.functionError, 'Unhandled');
      assert.equal(out.json<{ errorType: string }>().errorType, 'Runtime.OutOfMemory', out.text);
      const next = await call('oom', { mode: 'hello' });
      assert.equal(next.functionError, undefined, next.text);
    });
  });
}

describe('sandbox backend: the server default is a floor', { skip: hostCanRunGvisor(), concurrency: false }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-backend-floor-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('untagged functions run in the default backend; a bwrap tag stored before the operator raised it runs there too (issue 10.5)', async () => {
    const deploy = async (fx: LambdaboxFixture, name: string, tags: Record<string, string>): Promise<void> => {
      await fx.lambda().send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          Code: { ZipFile: zipOf({ 'index.mjs': CONTRACT }) },
          MemorySize: FAST_MEMORY,
          Tags: tags,
        }),
      );
      await fx.settled();
    };
    // On a bwrap server the tag asks for no less than the default, so it is accepted and stored.
    const earlier = await startLambdabox({ dataDir, overrides: { sandbox: false } });
    try {
      await deploy(earlier, 'tagged-bwrap', { [SANDBOX_TAG]: 'bwrap' });
    } finally {
      await earlier.close();
    }
    // The operator restarts with gVisor as the default: nothing may run below it.
    const fx = await startLambdabox({ dataDir, overrides: { sandboxBackend: 'gvisor' } });
    try {
      await deploy(fx, 'untagged', {});
      const lambda = fx.lambda();
      for (const name of ['untagged', 'tagged-bwrap']) {
        const out = await invoke(lambda, name, { payload: '{"mode":"hello"}' });
        assert.equal(out.functionError, undefined, out.text);
        assert.equal(out.json<{ kernel: string }>().kernel, GVISOR_RELEASE, `${name} ran outside gVisor`);
      }
    } finally {
      await fx.close();
    }
  });
});

test('the backend a function runs in is the stronger of its tag and the server default', () => {
  assert.equal(backendForTags({}, 'bwrap'), 'bwrap');
  assert.equal(backendForTags({}, 'gvisor'), 'gvisor');
  assert.equal(backendForTags({ [SANDBOX_TAG]: 'gvisor' }, 'bwrap'), 'gvisor');
  assert.equal(backendForTags({ [SANDBOX_TAG]: 'bwrap' }, 'gvisor'), 'gvisor');
  assert.equal(backendForTags({ [SANDBOX_TAG]: 'bwrap' }, 'bwrap'), 'bwrap');
  assert.equal(backendForTags({ [SANDBOX_TAG]: 'firecracker' }, 'gvisor'), 'gvisor', 'an unknown stored value falls back to the default');
});

describe('sandbox backend: the lambdabox:sandbox tag', { skip: SKIP_SANDBOX, concurrency: false }, () => {
  let fx: LambdaboxFixture;
  before(async () => {
    fx = await startLambdabox();
  });
  after(async () => {
    await fx.close();
  });

  test('an unknown backend is refused at CreateFunction and TagResource, naming the allowed values', async () => {
    const lambda = fx.lambda();
    const create = (name: string, tags: Record<string, string>) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          Code: { ZipFile: zipOf({ 'index.mjs': CONTRACT }) },
          Tags: tags,
        }),
      );
    const refused = {
      name: 'InvalidParameterValueException',
      message: `Invalid ${SANDBOX_TAG} tag value 'firecracker': it must be one of bwrap, gvisor.`,
    };
    await assert.rejects(create('unknown-backend', { [SANDBOX_TAG]: 'firecracker' }), refused);
    const made = await create('known-backend', {});
    await assert.rejects(lambda.send(new TagResourceCommand({ Resource: made.FunctionArn, Tags: { [SANDBOX_TAG]: 'firecracker' } })), refused);
    await lambda.send(new TagResourceCommand({ Resource: made.FunctionArn, Tags: { [SANDBOX_TAG]: 'bwrap' } }));
  });
});
