/**
 * provided.* through the relay, as plain child processes against a real Runtime API server: the
 * function's bootstrap (a shell script driving the Runtime API with curl over TCP) is found where
 * Lambda looks, missing or unusable ones give Runtime.InvalidEntrypoint, and the relay ends as its
 * bootstrap ends. The candidates are passed explicitly: there is no /var/task outside a sandbox.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELAY, json, startRuntime, waitFor } from '../runtime-harness.js';
import type { RunningRuntime, TaskFile } from '../runtime-harness.js';

const CURL_BOOTSTRAP = `#!/bin/sh
set -eu
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
HEADERS="$(mktemp)"
while true; do
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  REQUEST_ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')"
  echo "handling $REQUEST_ID"
  BODY="{\\"event\\":$EVENT,\\"handler\\":\\"$_HANDLER\\",\\"execEnv\\":\\"\${AWS_EXECUTION_ENV:-none}\\",\\"cwd\\":\\"$(pwd)\\",\\"from\\":\\"$0\\"}"
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "$BODY" "$API/invocation/$REQUEST_ID/response"
done
`;

const executable = (content: string): TaskFile => ({ content, mode: 0o755 });
const CANDIDATES = ['--candidate', '{task}/bootstrap', '--candidate', '{dir}/opt/bootstrap'];

describe('provided runtime: the relay and the function bootstrap', () => {
  const running: RunningRuntime[] = [];
  const start = async (files: Readonly<Record<string, TaskFile>>, args: readonly string[] = CANDIDATES): Promise<RunningRuntime> => {
    const rt = await startRuntime({
      command: [process.execPath, RELAY, ...args],
      files,
      env: { _HANDLER: 'function.handler' },
    });
    running.push(rt);
    return rt;
  };
  after(async () => {
    await Promise.all(running.map((rt) => rt.close()));
  });

  test('runs the task bootstrap, which drives /next and /response over TCP through the relay', async () => {
    const rt = await start({ bootstrap: executable(CURL_BOOTSTRAP) });
    const requestId = '6a2f41a3-c54c-4c2e-9d0d-000000000001';
    const first = json(await rt.invoke({ n: 1 }, { requestId })) as Record<string, unknown>;
    assert.deepEqual(first, {
      event: { n: 1 },
      handler: 'function.handler',
      execEnv: 'none',
      cwd: rt.taskRoot,
      from: `${rt.taskRoot}/bootstrap`,
    });
    const second = json(await rt.invoke({ n: 2 })) as Record<string, unknown>;
    assert.deepEqual(second['event'], { n: 2 });
    // The bootstrap's stdout is the relay's: inherited, not captured.
    await waitFor(rt.stdout, (s) => s.includes(`handling ${requestId}`));
  });

  test('falls back to the layer bootstrap when the task has none', async () => {
    const rt = await start({ 'README.txt': 'no bootstrap here', '../opt/bootstrap': executable(CURL_BOOTSTRAP) });
    const result = json(await rt.invoke({ layer: true })) as Record<string, unknown>;
    assert.equal(result['from'], `${rt.dir}/opt/bootstrap`);
  });

  test('the task bootstrap wins over the layer one', async () => {
    const rt = await start({
      bootstrap: executable(CURL_BOOTSTRAP),
      '../opt/bootstrap': executable('#!/bin/sh\nexit 9\n'),
    });
    assert.equal((json(await rt.invoke({})) as Record<string, unknown>)['from'], `${rt.taskRoot}/bootstrap`);
  });

  async function invalidEntrypoint(rt: RunningRuntime): Promise<string> {
    const outcome = await rt.invoke({});
    assert.equal(outcome.kind, 'init-error', rt.stderr());
    assert.equal(outcome.kind === 'init-error' && outcome.errorType, 'Runtime.InvalidEntrypoint');
    const error = json(outcome) as Record<string, unknown>;
    assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType']);
    assert.equal(error['errorType'], 'Runtime.InvalidEntrypoint');
    assert.deepEqual(await rt.exited, { code: 1, signal: null });
    return String(error['errorMessage']);
  }

  test('Runtime.InvalidEntrypoint when no bootstrap exists', async () => {
    const rt = await start({ 'handler.sh': 'echo' });
    assert.equal(
      await invalidEntrypoint(rt),
      `Couldn't find valid bootstrap(s): [${rt.taskRoot}/bootstrap ${rt.dir}/opt/bootstrap]`,
    );
  });

  test('--provided looks in /var/task/bootstrap, then /opt/bootstrap', async () => {
    const rt = await start({ 'handler.sh': 'echo' }, ['--provided']);
    assert.equal(await invalidEntrypoint(rt), "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
  });

  test('Runtime.InvalidEntrypoint when the bootstrap is not executable', async () => {
    const rt = await start({ bootstrap: { content: CURL_BOOTSTRAP, mode: 0o644 } });
    assert.equal(await invalidEntrypoint(rt), `fork/exec ${rt.taskRoot}/bootstrap: permission denied`);
  });

  test('Runtime.InvalidEntrypoint when the bootstrap is neither a script with #! nor a binary', async () => {
    const rt = await start({ bootstrap: executable('echo this would run under sh elsewhere\n') });
    assert.equal(await invalidEntrypoint(rt), `fork/exec ${rt.taskRoot}/bootstrap: exec format error`);
    assert.doesNotMatch(rt.stdout(), /would run/);
  });

  test('Runtime.InvalidEntrypoint when the interpreter named by #! is missing', async () => {
    const rt = await start({ bootstrap: executable('#!/no/such/interpreter\n') });
    assert.equal(await invalidEntrypoint(rt), `fork/exec ${rt.taskRoot}/bootstrap: no such file or directory`);
  });

  test('the relay exits with the bootstrap\'s exit code', async () => {
    const rt = await start({ bootstrap: executable('#!/bin/sh\necho bye\nexit 7\n') });
    assert.deepEqual(await rt.exited, { code: 7, signal: null });
    assert.match(rt.stdout(), /bye/);
  });

  test('the relay dies of the signal that killed the bootstrap', async () => {
    const rt = await start({ bootstrap: executable('#!/bin/sh\nkill -KILL $$\n') });
    assert.deepEqual(await rt.exited, { code: null, signal: 'SIGKILL' });
  });

  test('SIGTERM to the relay reaches the bootstrap', async () => {
    const rt = await start({
      bootstrap: executable('#!/bin/sh\ntrap \'echo got-term; exit 0\' TERM\necho ready\nwhile :; do sleep 0.05; done\n'),
    });
    await waitFor(rt.stdout, (s) => s.includes('ready'));
    rt.child.kill('SIGTERM');
    const exited = await rt.exited;
    // Either the shell ran its trap, or (a dash race under load: the signal lands while it forks
    // `sleep`) it died of the SIGTERM, which the relay mirrors. Both mean the signal reached the
    // bootstrap: nothing else signals it.
    if (exited.signal === 'SIGTERM') return;
    assert.deepEqual(exited, { code: 0, signal: null });
    assert.match(rt.stdout(), /got-term/);
  });

  test('the relay refuses to start without the Runtime API socket', async () => {
    const rt = await startRuntime({
      command: [process.execPath, RELAY, ...CANDIDATES],
      files: { bootstrap: executable('#!/bin/sh\necho should-not-run\n') },
      withoutSocketVariable: true,
    });
    running.push(rt);
    assert.deepEqual(await rt.exited, { code: 1, signal: null });
    assert.match(rt.stderr(), /_LAMBDABOX_RUNTIME_API_SOCKET is not set/);
    assert.doesNotMatch(rt.stdout(), /should-not-run/);
  });
});
