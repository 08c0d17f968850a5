/**
 * The reference: awscli's own validate-logs code (the Debian awscli's CloudTrailValidateLogs, driven by
 * awscli-validate-logs.py over the trail root) must print what our validator prints, byte for byte, and
 * exit alike, for an untouched trail and for each tampering. This also proves the digests, their
 * string-to-sign and signatures are what AWS's verifier accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { exitCodeOf } from '../../../../src/services/cloudtrail/validation/validation-report.js';
import { repoRoot } from '../../../helpers/repo-root.js';
import type { DeliveryFixture } from './delivery-fixture.js';
import { deliveryFixture, loggingTrail } from './delivery-fixture.js';
import type { Chain } from './chain-fixture.js';
import { buildChain, objectPath, overwriteGzip, readDigest, reportOf, validate } from './chain-fixture.js';

const PYTHON = '/usr/bin/python3';
const DRIVER = join(repoRoot(), 'test', 'services', 'cloudtrail', 'delivery', 'awscli-validate-logs.py');
const available = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import awscli.customizations.cloudtrail.validation']).status === 0;

async function awscli(f: DeliveryFixture, chain: Chain, verbose: boolean): Promise<{ stdout: string; stderr: string; code: number }> {
  const keys = (await f.delivery.publicKeys(chain.start, chain.end)).map((k) => ({ Fingerprint: k.fingerprint, Value: k.value.toString('base64') }));
  const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');
  const r = spawnSync(
    PYTHON,
    [DRIVER, f.root, chain.trail.s3BucketName, chain.trail.arn, iso(chain.start), iso(chain.end), JSON.stringify(keys), verbose ? '1' : '0'],
    { encoding: 'utf8' },
  );
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

const move = (from: string, to: string): void => renameSync(from, to);

const SCENARIOS: Record<string, (f: DeliveryFixture, c: Chain) => void> = {
  untouched: () => undefined,
  'a log modified': (f, c) => {
    const path = objectPath(f, c, c.logs[3] ?? '');
    const content = gunzipSync(readFileSync(path));
    content[15] = (content[15] ?? 0) ^ 0x20;
    overwriteGzip(path, content);
  },
  'a log deleted': (f, c) => rmSync(objectPath(f, c, c.logs[0] ?? '')),
  'a middle digest deleted': (f, c) => rmSync(objectPath(f, c, c.digests[1] ?? '')),
  'two digests swapped': (f, c) => {
    for (const suffix of ['', '.sig']) {
      const a = objectPath(f, c, c.digests[0] ?? '') + suffix;
      const b = objectPath(f, c, c.digests[1] ?? '') + suffix;
      move(a, `${a}.x`);
      move(b, a);
      move(`${a}.x`, b);
    }
  },
  'a digest rewritten': (f, c) => {
    const key = c.digests[2] ?? '';
    const { doc } = readDigest(f, c, key);
    overwriteGzip(objectPath(f, c, key), JSON.stringify({ ...doc, logFiles: [] }));
  },
  'the start digest deleted': (f, c) => rmSync(objectPath(f, c, c.digests[0] ?? '')),
};

for (const [name, tamper] of Object.entries(SCENARIOS)) {
  test(`awscli's validate-logs and ours print the same, ${name}`, { skip: available ? false : 'no Debian awscli' }, async () => {
    const f = await deliveryFixture();
    try {
      const chain = await buildChain(f, loggingTrail('conf'), 3);
      tamper(f, chain);
      const outcome = await validate(f, chain);
      for (const verbose of [false, true]) {
        const theirs = await awscli(f, chain, verbose);
        const ours = reportOf(outcome, verbose);
        assert.equal(ours.stdout, theirs.stdout, `stdout, verbose ${verbose}; awscli stderr: ${theirs.stderr}`);
        assert.equal(ours.stderr, theirs.stderr, `stderr, verbose ${verbose}`);
        assert.equal(exitCodeOf(outcome), theirs.code);
      }
    } finally {
      await f.close();
    }
  });
}
