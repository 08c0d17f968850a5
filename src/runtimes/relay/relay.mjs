// The launcher of the provided runtimes, run inside the sandbox as
//   node /var/runtime-relay/relay.mjs --provided [--candidate P]…   (/var/task/bootstrap, else /opt/bootstrap)
//   node /var/runtime-relay/relay.mjs -- <argv…>                    (any other bootstrap)
//
// The environment's Runtime API is a Unix socket (_LAMBDABOX_RUNTIME_API_SOCKET); clients that only
// speak TCP (custom runtimes, aws-lambda-ric) use AWS_LAMBDA_RUNTIME_API=host:port. The relay listens
// on that address and pipes every connection to the socket, then starts the bootstrap with the same
// environment and stdio and ends as it ends. Port 0 picks a free port and rewrites the child's
// AWS_LAMBDA_RUNTIME_API (for tests outside a sandbox).
//
// In a sandbox the relay is the bwrap init's only child: when it dies the PID namespace dies with it,
// so the bootstrap cannot outlive it. Outside one, the relay forwards termination signals and kills
// the bootstrap when it fails itself. Node builtins only: this file runs apart from the host code.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createSocket } from 'node:dgram';
import { createConnection, createServer } from 'node:net';
import { constants as osConstants } from 'node:os';
import { setImmediate } from 'node:timers';

const PROVIDED_CANDIDATES = ['/var/task/bootstrap', '/opt/bootstrap'];
const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
// How Go's os/exec (which Lambda's init uses) spells the errors that fail an exec.
const EXEC_ERRORS = {
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
  ENOEXEC: 'exec format error',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

function fatal(message) {
  process.stderr.write(`lambdabox relay: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const candidates = [];
  let provided = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      const command = argv.slice(i + 1);
      if (command.length === 0) fatal('no command after --');
      return { command, candidates: [] };
    }
    if (arg === '--provided') provided = true;
    else if (arg === '--candidate' && i + 1 < argv.length) {
      provided = true;
      candidates.push(argv[++i]);
    } else fatal(`unknown argument ${arg}`);
  }
  if (!provided) fatal('usage: relay.mjs -- <command…> | --provided [--candidate PATH]…');
  return { command: undefined, candidates: candidates.length > 0 ? candidates : PROVIDED_CANDIDATES };
}

/** `127.0.0.1:9001`, `localhost:9001` or `[::1]:9001`. */
function parseAddress(value) {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value ?? '');
  if (match === null) fatal(`AWS_LAMBDA_RUNTIME_API must be host:port, got ${JSON.stringify(value ?? '')}`);
  const port = Number(match[3]);
  if (port > 65535) fatal(`AWS_LAMBDA_RUNTIME_API port out of range: ${value}`);
  return { host: match[1] ?? match[2], port };
}

function listen(host, port, socketPath) {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = createConnection({ path: socketPath, allowHalfOpen: true });
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}

/**
 * The platform's other endpoints (the lambdabox API at AWS_ENDPOINT_URL, the egress proxy), from
 * _LAMBDABOX_TCP_RELAYS: whitespace-separated `host:port=/socket`. One that cannot listen is
 * reported and skipped: the bootstrap still runs, and the function sees the connection refused.
 */
async function listenPlatformRelays(list) {
  for (const entry of (list ?? '').split(/\s+/)) {
    const eq = entry.indexOf('=');
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(eq > 0 ? entry.slice(0, eq) : '');
    const socketPath = entry.slice(eq + 1);
    if (match === null || !socketPath.startsWith('/')) continue;
    const host = match[1] ?? match[2];
    try {
      await listen(host, Number(match[3]), socketPath);
    } catch (err) {
      process.stderr.write(`lambdabox relay: no relay on ${entry.slice(0, eq)}: ${err.message}\n`);
    }
  }
}

const MAX_DATAGRAM_BYTES = 64 * 1024;
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * _LAMBDABOX_UDP_RELAYS (the X-Ray daemon address): each datagram goes to the socket as a frame, a 4-byte
 * big-endian length and the bytes, over one Unix stream connection reopened after it ends. Best effort, as UDP.
 */
async function listenUdpRelays(list) {
  for (const entry of (list ?? '').split(/\s+/)) {
    const eq = entry.indexOf('=');
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(eq > 0 ? entry.slice(0, eq) : '');
    const socketPath = entry.slice(eq + 1);
    if (match === null || !socketPath.startsWith('/')) continue;
    const host = match[1] ?? match[2];
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    let upstream;
    udp.on('message', (datagram) => {
      if (datagram.length === 0 || datagram.length > MAX_DATAGRAM_BYTES) return;
      if (upstream === undefined || upstream.destroyed) {
        const s = createConnection({ path: socketPath });
        s.on('error', () => s.destroy());
        s.on('close', () => {
          if (upstream === s) upstream = undefined;
        });
        s.unref();
        upstream = s;
      }
      if (upstream.writableLength > MAX_QUEUED_BYTES) return;
      const frame = Buffer.allocUnsafe(4 + datagram.length);
      frame.writeUInt32BE(datagram.length, 0);
      datagram.copy(frame, 4);
      upstream.write(frame);
    });
    try {
      await new Promise((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address: host, port: Number(match[3]), exclusive: true }, () => {
          udp.removeListener('error', reject);
          udp.on('error', () => undefined);
          udp.unref();
          resolve();
        });
      });
    } catch (err) {
      process.stderr.write(`lambdabox relay: no UDP relay on ${entry.slice(0, eq)}: ${err.message}\n`);
    }
  }
}

/**
 * The first candidate that exists is the bootstrap, as Lambda's init picks it (existence only; an
 * unusable one fails at exec). Without one there is nothing to run.
 */
function pickBootstrap(candidates) {
  for (const path of candidates) {
    try {
      return { path, stat: statSync(path) };
    } catch {
      // Not there: try the next one.
    }
  }
  return undefined;
}

/**
 * glibc runs an executable text file without `#!` through /bin/sh, where Lambda's exec fails with
 * ENOEXEC; a regular executable file must start with `#!` or the ELF magic.
 */
function execFormatError(path, stat) {
  if (!stat.isFile()) return false;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return false; // spawn reports EACCES itself.
  }
  const head = Buffer.alloc(4);
  let fd;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, 4, 0);
    const text = head.subarray(0, n);
    return !(text.subarray(0, 2).toString('latin1') === '#!' || text.toString('latin1') === '\x7fELF');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function postInitError(socketPath, errorType, errorMessage) {
  const body = JSON.stringify({ errorMessage, errorType });
  return new Promise((resolve) => {
    const req = request(
      {
        socketPath,
        method: 'POST',
        path: '/2018-06-01/runtime/init/error',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'Lambda-Runtime-Function-Error-Type': errorType,
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', resolve);
      },
    );
    req.on('error', (err) => {
      process.stderr.write(`lambdabox relay: could not report ${errorType}: ${err.message}\n`);
      resolve();
    });
    req.end(body);
  });
}

async function failEntrypoint(socketPath, message) {
  process.stderr.write(`lambdabox relay: Runtime.InvalidEntrypoint: ${message}\n`);
  await postInitError(socketPath, 'Runtime.InvalidEntrypoint', message);
  process.exit(1);
}

async function main() {
  const { command, candidates } = parseArgs(process.argv.slice(2));
  const socketPath = process.env._LAMBDABOX_RUNTIME_API_SOCKET;
  if (socketPath === undefined || socketPath === '') fatal('_LAMBDABOX_RUNTIME_API_SOCKET is not set');
  const { host, port } = parseAddress(process.env.AWS_LAMBDA_RUNTIME_API);
  let server;
  try {
    server = await listen(host, port, socketPath);
  } catch (err) {
    fatal(`cannot listen on ${host}:${port}: ${err.message}`);
  }
  await listenPlatformRelays(process.env._LAMBDABOX_TCP_RELAYS);
  await listenUdpRelays(process.env._LAMBDABOX_UDP_RELAYS);
  const env = { ...process.env };
  delete env._LAMBDABOX_TCP_RELAYS;
  delete env._LAMBDABOX_UDP_RELAYS;
  if (port === 0) {
    const bound = server.address();
    env.AWS_LAMBDA_RUNTIME_API = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  }

  let argv = command;
  if (argv === undefined) {
    const picked = pickBootstrap(candidates);
    if (picked === undefined) {
      return failEntrypoint(socketPath, `Couldn't find valid bootstrap(s): [${candidates.join(' ')}]`);
    }
    if (execFormatError(picked.path, picked.stat)) {
      return failEntrypoint(socketPath, `fork/exec ${picked.path}: ${EXEC_ERRORS.ENOEXEC}`);
    }
    argv = [picked.path];
  }

  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
  let spawnFailed = false;
  child.on('error', (err) => {
    spawnFailed = true;
    const reason = EXEC_ERRORS[err.code] ?? err.message;
    void failEntrypoint(socketPath, `fork/exec ${argv[0]}: ${reason}`);
  });
  const forward = (signal) => () => child.kill(signal);
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)]);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  process.on('uncaughtException', (err) => {
    process.stderr.write(`lambdabox relay: ${err.stack ?? err}\n`);
    child.kill('SIGKILL');
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (spawnFailed) return; // failEntrypoint reports and exits.
    server.close();
    if (signal !== null) {
      // End the same way, so whoever waits on the relay sees the bootstrap's signal.
      for (const [sig, handler] of handlers) process.removeListener(sig, handler);
      process.kill(process.pid, signal);
      // Signals Node ignores (SIGPIPE) do not end it: exit as a shell reports a signal death.
      setImmediate(() => process.exit(128 + (osConstants.signals[signal] ?? 0)));
      return;
    }
    process.exit(code ?? 1);
  });
}

await main();
