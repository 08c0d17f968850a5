/**
 * Hostile functions against the network and the Runtime API: the host's loopback services (a test
 * server and lambdabox's own port, bypassing the relay), its interface addresses, the metadata
 * address, DNS, another environment's Runtime API socket, answering another invocation's request id,
 * and the egress proxy asked for destinations no policy may open.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { sandboxProcesses, sleep } from '../invoke/invoke-harness.js';
import { IsolationSuite, hostileTest, outcomes } from './isolation-harness.js';
import { sandboxBackends } from './sandbox-backends.js';

/** A host service that must stay out of reach: it counts every connection and answers with a secret. */
interface HostService {
  readonly port: number;
  readonly secret: string;
  connections(): number;
  close(): Promise<void>;
}

async function hostService(host: string): Promise<HostService> {
  const secret = `host-service-secret-${randomUUID()}`;
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.on('error', () => undefined);
    socket.end(`HTTP/1.0 200 OK\r\n\r\n${secret}`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    secret,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a?.address ?? '');
}

const REACHED = /^answered|^connected/;

for (const backend of sandboxBackends()) {
  describe(`hostile functions: network and Runtime API [${backend.name}]`, { concurrency: false }, () => {
    let suite: IsolationSuite | undefined;
    let loopbackService: HostService | undefined;
    let anyService: HostService | undefined;
    let reporter: IdReporter | undefined;
    const get = (): IsolationSuite => {
      if (suite === undefined) throw new Error('suite not started');
      return suite;
    };
    const services = (): { loop: HostService; any: HostService } => {
      if (loopbackService === undefined || anyService === undefined) throw new Error('host services not started');
      return { loop: loopbackService, any: anyService };
    };
    before(async () => {
      loopbackService = await hostService('127.0.0.1');
      anyService = await hostService('0.0.0.0');
      reporter = await idReporter();
      // The reporter is the one host-local destination the operator allows (and the victim's tag names).
      suite = await IsolationSuite.start(backend, 'network', { egressAllowPrivate: [`127.0.0.1:${reporter.port}`] });
      // The victim tells the host its request id: through /tmp (the host reads /proc/<pid>/root under
      // bwrap) and through its egress policy's one loopback destination (gVisor keeps /tmp in its own memory).
      await suite.deployPython(
        'victim',
        'victim',
        {
          'victim.py': [
            'import os, socket, time',
            'def handler(event, context):',
            "    with open('/tmp/request-id', 'w') as f:",
            '        f.write(context.aws_request_id)',
            '    try:',
            "        with socket.create_connection(('127.0.0.1', int(os.environ['REPORTER_PORT'])), timeout=2) as s:",
            '            s.sendall(context.aws_request_id.encode())',
            '    except OSError:',
            '        pass',
            "    time.sleep(event.get('seconds', 3))",
            "    return {'victim': 'ok', 'requestId': context.aws_request_id}",
            '',
          ].join('\n'),
        },
        { variables: { REPORTER_PORT: String(reporter.port) }, tags: { 'lambdabox:egress': `127.0.0.1:${reporter.port}` } },
      );
    });
    after(async () => {
      await suite?.close();
      await loopbackService?.close();
      await anyService?.close();
      await reporter?.close();
    });

    hostileTest(get, { id: 'N01', attack: "connect to the host's loopback services: a test server on 127.0.0.1 and lambdabox's own port, bypassing the relay; [::1]", expected: 'refused (own network namespace: ECONNREFUSED); the host servers see no connection' }, async (s) => {
      const { loop, any } = services();
      const apiPort = Number(new URL(s.fx.url).port);
      const out = await s.probe<Record<string, unknown>>('connect', {
        targets: [
          { host: '127.0.0.1', port: loop.port },
          { host: '127.0.0.1', port: any.port },
          { host: '127.0.0.1', port: apiPort },
          { host: '::1', port: any.port },
          { host: 'localhost', port: apiPort },
        ],
      });
      for (const [target, outcome] of Object.entries(out)) {
        if (target === 'interfaces') continue;
        assert.doesNotMatch(String(outcome), REACHED, `${target}: ${String(outcome)}`);
      }
      assert.equal(loop.connections() + any.connections(), 0, 'a host service was reached');
      s.assertNoSecrets(JSON.stringify(out));
      assert.equal(JSON.stringify(out).includes(loop.secret) || JSON.stringify(out).includes(any.secret), false);
      return outcomes(out);
    });

    hostileTest(get, { id: 'N02', attack: "connect to the host's interface addresses, 169.254.169.254, 10.0.0.1, 8.8.8.8; resolve example.com", expected: 'ENETUNREACH / no DNS; only the lo interface exists' }, async (s) => {
      const { any } = services();
      const apiPort = Number(new URL(s.fx.url).port);
      const targets = [
        ...hostAddresses().flatMap((host) => [{ host, port: any.port }, { host, port: apiPort }]),
        { host: '169.254.169.254', port: 80 },
        { host: '10.0.0.1', port: 80 },
        { host: '8.8.8.8', port: 53 },
      ];
      const out = await s.probe<Record<string, unknown>>('connect', { targets, names: ['example.com', 'metadata.google.internal'] });
      for (const [target, outcome] of Object.entries(out)) {
        if (target === 'interfaces') continue;
        assert.doesNotMatch(String(outcome), /^answered|^connected|^resolved/, `${target}: ${String(outcome)}`);
      }
      assert.deepEqual(out['interfaces'], ['lo']);
      assert.equal(any.connections(), 0, 'the host service was reached through an interface address');
      return outcomes(out);
    });

    hostileTest(get, { id: 'N03', attack: "connect to another environment's Runtime API socket (its host path, /proc/<pid>/root paths)", expected: 'ENOENT: no other socket exists in the sandbox' }, async (s) => {
      const sockets = runtimeSockets(s);
      assert.ok(sockets.length >= 2, `expected the neighbour's and the benign function's sockets on the host: ${sockets.join(', ')}`);
      const insideViews = sandboxProcesses(s.fx.dataDir).map((p) => `/proc/${p.pid}/root/var/runtime-api/api.sock`);
      const out = await s.probe<Record<string, unknown>>('connect', { targets: [], unixSockets: [...sockets, ...insideViews] });
      for (const [target, outcome] of Object.entries(out)) {
        if (!target.startsWith('unix:')) continue;
        assert.ok(outcome === 'ENOENT' || outcome === 'EACCES', `${target}: ${String(outcome)}`);
      }
      return `${sockets.length + insideViews.length} sockets tried: ${[...new Set(Object.entries(out).filter(([k]) => k.startsWith('unix:')).map(([, v]) => String(v)))].join('/')}`;
    });

    hostileTest(get, { id: 'N04', attack: "answer another invocation's request id on its own Runtime API (POST /runtime/invocation/<other id>/response and /error)", expected: '4xx for every foreign id; the other invocation returns its own result' }, async (s) => {
      const victimRun = s.invoke('victim', { seconds: 3 });
      const victimId = await findVictimRequestId(s, reporter);
      const earlier = await s.invoke('benign', {});
      const out = await s.probe<Record<string, { outcome: string; result?: { status: number; body: string } } | string>>('foreign_request', {
        requestIds: [victimId, earlier.requestId ?? randomUUID(), randomUUID(), '..%2F..%2Fnext'],
      });
      for (const [key, value] of Object.entries(out)) {
        if (key === 'own_request_id' || typeof value === 'string') continue;
        const status = value.result?.status;
        assert.ok(status !== undefined && status >= 400 && status < 500, `${key}: ${JSON.stringify(value)}`);
      }
      const victim = await victimRun;
      assert.equal(victim.functionError, undefined, victim.text);
      assert.deepEqual(victim.json(), { victim: 'ok', requestId: victimId });
      return Object.entries(out)
        .filter(([k]) => k !== 'own_request_id')
        .map(([k, v]) => `${k.replace(victimId, '<victim>')} → ${typeof v === 'string' ? v : (v.result?.status ?? v.outcome)}`)
        .join(', ');
    });

    hostileTest(get, { id: 'N05', attack: "egress policy naming lambdabox's own port, the metadata address and a host service exactly (not allowed by the operator); ask the egress proxy for them and for another port of the host", expected: 'never reachable whatever the tag says: proxy refuses (403), direct connects fail' }, async (s) => {
      const { any } = services();
      const apiPort = Number(new URL(s.fx.url).port);
      // 127.0.0.1:<any> named exactly: only the operator's --egress-allow-private could open it (issue 10.4).
      await s.deployProbe('probe-egress', { tags: { 'lambdabox:egress': `127.0.0.1:${apiPort} 169.254.169.254:80 localhost:${any.port} 127.0.0.1:${any.port}` } });
      const out = await s.probe<Record<string, unknown>>(
        'connect',
        {
          targets: [{ host: '127.0.0.1', port: apiPort }, { host: '169.254.169.254', port: 80 }, { host: '127.0.0.1', port: any.port }],
          viaProxy: [
            { host: '127.0.0.1', port: apiPort },
            { host: 'localhost', port: apiPort },
            { host: '169.254.169.254', port: 80 },
            { host: 'localhost', port: any.port },
            { host: '127.0.0.1', port: any.port },
          ],
        },
        'probe-egress',
      );
      for (const [target, outcome] of Object.entries(out)) {
        if (target === 'interfaces') continue;
        assert.doesNotMatch(String(outcome), REACHED, `${target}: ${String(outcome)}`);
      }
      assert.equal(any.connections(), 0, 'the host service was reached through the egress path');
      s.assertNoSecrets(JSON.stringify(out));
      return outcomes(out);
    });
  });
}

/** Every environment's Runtime API socket on the host (the run dir's envs/<envId>/api.sock). */
function runtimeSockets(s: IsolationSuite): string[] {
  const found: string[] = [];
  for (const dir of s.codeDirs().map((d) => join(d, '..', '..', 'envs'))) {
    if (!existsSync(dir)) continue;
    for (const env of readdirSync(dir)) {
      for (const file of readdirSync(join(dir, env))) if (file.endsWith('.sock')) found.push(join(dir, env, file));
    }
  }
  return [...new Set(found)];
}

interface IdReporter {
  readonly port: number;
  readonly ids: string[];
  close(): Promise<void>;
}

async function idReporter(): Promise<IdReporter> {
  const ids: string[] = [];
  const server = createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => ids.push(text));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, ids, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Only the host can learn the victim's id: from its /tmp through /proc/<pid>/root, or from the reporter. */
async function findVictimRequestId(s: IsolationSuite, reporter: IdReporter | undefined): Promise<string> {
  // Up to 30 s: the victim's cold start on a loaded machine can take longer than the 5 s this once allowed.
  for (let i = 0; i < 600; i++) {
    const reported = reporter?.ids.find((id) => /^[0-9a-f-]{36}$/.test(id));
    if (reported !== undefined) return reported;
    for (const p of sandboxProcesses(s.fx.dataDir)) {
      try {
        const id = readFileSync(`/proc/${p.pid}/root/tmp/request-id`, 'utf8');
        if (id !== '') return id;
      } catch {
        // Not the victim, or not yet written.
      }
    }
    await sleep(50);
  }
  throw new Error('the victim never wrote its request id');
}
