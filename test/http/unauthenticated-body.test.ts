/**
 * Issue 10 point 6: an unauthenticated client must not make the server read or hold its body. Twelve raw
 * clients with a made-up access key each try to send 64 MiB to CreateFunction (whose limit is 70 MB) at a
 * real `lambdabox server` child process: every one gets 403 UnrecognizedClientException after the server
 * accepted only a small part of its body, and the server's peak RSS grows far less than one such body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAmzDate } from '../../src/iam/sigv4/amz-date.js';
import { TEST_REGION } from '../helpers/lambdabox-fixture.js';
import { rawUpload } from '../helpers/raw-upload.js';
import type { RawUploadResult } from '../helpers/raw-upload.js';
import { startServerProcess } from '../helpers/server-process.js';
import type { ServerProcess } from '../helpers/server-process.js';

const MiB = 1024 * 1024;
const CLIENTS = 12;
const BODY = 64 * MiB;

async function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  assert.ok(m?.[1] !== undefined, `${field} missing from /proc/${pid}/status`);
  return Number(m[1]);
}

function fakeKeyUpload(url: string, n: number, bodyBytes: number): Promise<RawUploadResult> {
  const amzDate = formatAmzDate(Date.now());
  const accessKeyId = `AKIAFAKE${String(n).padStart(12, '0')}`;
  return rawUpload({
    url,
    method: 'POST',
    path: '/2015-03-31/functions',
    headers: [
      ['Host', new URL(url).host],
      ['Content-Type', 'application/json'],
      ['X-Amz-Date', amzDate],
      [
        'Authorization',
        `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${amzDate.slice(0, 8)}/${TEST_REGION}/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`,
      ],
    ],
    bodyBytes,
  });
}

describe('unauthenticated request bodies', () => {
  let dataDir: string;
  let server: ServerProcess;
  let pid: number;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-unauth-body-'));
    server = await startServerProcess(dataDir);
    assert.ok(server.child.pid !== undefined);
    pid = server.child.pid;
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  test(`${CLIENTS} clients with a fake key sending 64 MiB each: 403 before the body, server RSS bounded`, async (t) => {
    // Warm the request path up so its first-use allocations are not counted as growth.
    const warm = await fakeKeyUpload(server.url, 99, 64 * 1024);
    assert.equal(warm.status, 403);
    const baselineKb = await statusKb(pid, 'VmRSS');
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak is this test's alone.
    await writeFile(`/proc/${pid}/clear_refs`, '5');

    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => fakeKeyUpload(server.url, i, BODY)));

    const peakKb = await statusKb(pid, 'VmHWM');
    const growthMiB = (peakKb - baselineKb) / 1024;
    t.diagnostic(`accepted MiB: ${results.map((r) => (r.accepted / MiB).toFixed(1)).join(' ')}; peak RSS growth ${growthMiB.toFixed(1)} MiB`);
    for (const [i, r] of results.entries()) {
      assert.equal(r.status, 403, `client ${i}: ${r.body}`);
      assert.equal(r.headers.get('x-amzn-errortype'), 'UnrecognizedClientException', `client ${i}`);
      assert.equal((JSON.parse(r.body) as { message?: string }).message, 'The security token included in the request is invalid.');
      // What the connection took is kernel socket buffers plus what Node read ahead, never the body.
      assert.ok(r.accepted < 16 * MiB, `client ${i}: the server accepted ${(r.accepted / MiB).toFixed(1)} MiB of 64`);
    }
    // Before the fix every body was read into memory first: ~12 × 64 MiB.
    assert.ok(growthMiB < 100, `server peak RSS grew by ${growthMiB.toFixed(0)} MiB`);
  });
});
