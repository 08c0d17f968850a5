/**
 * The scenario through the unmodified Debian AWS CLI v2: create, get, list, update code and
 * configuration, publish, alias, layer, tags, delete — and the exact error a missing function prints.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { awsCli } from '../helpers/aws-cli.js';
import type { CliResult } from '../helpers/aws-cli.js';
import { helloZip, zipOf, TEST_ROLE } from '../helpers/zips.js';

describe('AWS CLI scenario', () => {
  let fx: LambdaboxFixture;
  let dir: string;
  let aws: (...args: string[]) => Promise<CliResult>;

  before(async () => {
    fx = await startLambdabox();
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-cli-'));
    await writeFile(join(dir, 'v1.zip'), helloZip('v1'));
    await writeFile(join(dir, 'v2.zip'), helloZip('v2'));
    await writeFile(join(dir, 'layer.zip'), zipOf({ 'nodejs/node_modules/util/index.js': 'module.exports = 1;\n' }));
    aws = (...args) => awsCli(args, { endpoint: fx.url, ...fx.credentials, cwd: dir });
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  function ok(r: CliResult): Record<string, unknown> {
    assert.equal(r.code, 0, `aws failed: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : r.json();
  }

  test('a missing function prints the AWS error and exits 254', async () => {
    const r = await aws('lambda', 'get-function', '--function-name', 'nope');
    assert.equal(r.code, 254);
    assert.equal(
      r.stderr.trim(),
      'An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    );
  });

  test('create, get, list, update, publish, alias, layer, tags, delete', async () => {
    const created = ok(
      await aws('lambda', 'create-function', '--function-name', 'cli-fn', '--runtime', 'nodejs20.x',
        '--handler', 'index.handler', '--role', TEST_ROLE, '--zip-file', 'fileb://v1.zip',
        '--environment', 'Variables={GREETING=hello}'),
    );
    assert.equal(created['FunctionName'], 'cli-fn');
    assert.equal(created['State'], 'Pending');
    assert.equal(created['FunctionArn'], 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn');

    ok(await aws('lambda', 'wait', 'function-active-v2', '--function-name', 'cli-fn'));
    const got = ok(await aws('lambda', 'get-function', '--function-name', 'cli-fn'));
    const config = got['Configuration'] as Record<string, unknown>;
    assert.equal(config['State'], 'Active');
    assert.deepEqual(config['Environment'], { Variables: { GREETING: 'hello' } });
    const code = got['Code'] as { Location: string; RepositoryType: string };
    assert.equal(code.RepositoryType, 'S3');
    const download = await fetch(code.Location);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), helloZip('v1'));

    const listed = ok(await aws('lambda', 'list-functions'));
    assert.deepEqual((listed['Functions'] as Array<{ FunctionName: string }>).map((f) => f.FunctionName), ['cli-fn']);

    const updated = ok(await aws('lambda', 'update-function-code', '--function-name', 'cli-fn', '--zip-file', 'fileb://v2.zip'));
    assert.notEqual(updated['CodeSha256'], created['CodeSha256']);
    ok(await aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn'));
    const reconfigured = ok(
      await aws('lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--timeout', '10', '--memory-size', '256'),
    );
    assert.equal(reconfigured['Timeout'], 10);
    assert.equal(reconfigured['MemorySize'], 256);
    ok(await aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn'));

    const v1 = ok(await aws('lambda', 'publish-version', '--function-name', 'cli-fn', '--description', 'first'));
    assert.equal(v1['Version'], '1');
    const again = ok(await aws('lambda', 'publish-version', '--function-name', 'cli-fn'));
    assert.equal(again['Version'], '1', 'nothing changed, so no new version');

    const alias = ok(await aws('lambda', 'create-alias', '--function-name', 'cli-fn', '--name', 'live', '--function-version', '1'));
    assert.equal(alias['AliasArn'], 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn:live');
    const viaAlias = ok(await aws('lambda', 'get-function-configuration', '--function-name', 'cli-fn', '--qualifier', 'live'));
    assert.equal(viaAlias['Version'], '1');

    const layer = ok(await aws('lambda', 'publish-layer-version', '--layer-name', 'cli-layer', '--zip-file', 'fileb://layer.zip',
      '--compatible-runtimes', 'nodejs20.x'));
    assert.equal(layer['Version'], 1);
    const withLayer = ok(await aws('lambda', 'update-function-configuration', '--function-name', 'cli-fn',
      '--layers', String(layer['LayerVersionArn'])));
    assert.deepEqual((withLayer['Layers'] as Array<{ Arn: string }>).map((l) => l.Arn), [layer['LayerVersionArn']]);
    ok(await aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn'));

    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn';
    ok(await aws('lambda', 'tag-resource', '--resource', arn, '--tags', 'team=core,env=test'));
    const tags = ok(await aws('lambda', 'list-tags', '--resource', arn));
    assert.deepEqual(tags['Tags'], { team: 'core', env: 'test' });
    ok(await aws('lambda', 'untag-resource', '--resource', arn, '--tag-keys', 'env'));
    assert.deepEqual(ok(await aws('lambda', 'list-tags', '--resource', arn))['Tags'], { team: 'core' });

    ok(await aws('lambda', 'delete-alias', '--function-name', 'cli-fn', '--name', 'live'));
    ok(await aws('lambda', 'delete-function', '--function-name', 'cli-fn'));
    const gone = await aws('lambda', 'get-function', '--function-name', 'cli-fn');
    assert.equal(gone.code, 254);
    assert.match(gone.stderr, /ResourceNotFoundException/);
    ok(await aws('lambda', 'delete-layer-version', '--layer-name', 'cli-layer', '--version-number', '1'));
  });
});
