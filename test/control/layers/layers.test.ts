import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type LambdaClient,
  type PublishLayerVersionCommandInput,
} from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT_ID, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { functionInput, startControl } from '../../helpers/control-fixture.js';
import { helloZip, zipOf } from '../../helpers/zips.js';
import { deflated, rawZip, type RawEntry } from '../../shared/zip/zip-fixtures.js';

const LAYER_ARN_PREFIX = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:layer:`;
const NOT_FOUND = 'The resource you requested does not exist.';
const CREATED_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

interface AwsFailure {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
}

/** Runs a call that must fail and returns what the SDK saw. */
async function failure(call: Promise<unknown>): Promise<AwsFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

function layerZip(marker: string): Buffer {
  return zipOf({ [`nodejs/node_modules/${marker}/index.js`]: `module.exports = ${JSON.stringify(marker)};\n` });
}

function sha256Base64(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

describe('layers', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    ({ fixture, lambda } = await startControl());
  });
  after(async () => {
    await fixture.close();
  });

  const publish = (input: Partial<PublishLayerVersionCommandInput> & { LayerName: string }) =>
    lambda.send(new PublishLayerVersionCommand({ Content: { ZipFile: layerZip(input.LayerName) }, ...input }));

  test('PublishLayerVersion answers 201 with the wire shape AWS returns', async () => {
    const zip = layerZip('shape');
    const out = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'shape',
        Content: { ZipFile: zip },
        Description: 'my layer',
        LicenseInfo: 'MIT',
        CompatibleRuntimes: ['nodejs20.x', 'python3.12'],
        CompatibleArchitectures: ['x86_64', 'arm64'],
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 201);
    const { $metadata: _m, Content, CreatedDate, ...rest } = out;
    assert.deepEqual(rest, {
      LayerArn: `${LAYER_ARN_PREFIX}shape`,
      LayerVersionArn: `${LAYER_ARN_PREFIX}shape:1`,
      Description: 'my layer',
      Version: 1,
      CompatibleRuntimes: ['nodejs20.x', 'python3.12'],
      LicenseInfo: 'MIT',
      CompatibleArchitectures: ['x86_64', 'arm64'],
    });
    assert.match(CreatedDate ?? '', CREATED_DATE);
    assert.equal(Content?.CodeSha256, sha256Base64(zip));
    assert.equal(Content?.CodeSize, zip.length);
    assert.match(Content?.Location ?? '', /^http:\/\/127\.0\.0\.1:\d+\/_lambdabox\/code\/000000000000\/[0-9a-f]{64}\?/);
  });

  test('absent optional members are omitted, empty lists are echoed, Description defaults to ""', async () => {
    const bare = await publish({ LayerName: 'bare' });
    assert.equal(bare.Description, '');
    assert.equal('CompatibleRuntimes' in bare, false);
    assert.equal('CompatibleArchitectures' in bare, false);
    assert.equal('LicenseInfo' in bare, false);

    const empty = await publish({ LayerName: 'empty-lists', CompatibleRuntimes: [], CompatibleArchitectures: [] });
    assert.deepEqual(empty.CompatibleRuntimes, []);
    assert.deepEqual(empty.CompatibleArchitectures, []);
  });

  test('Content.Location downloads exactly the published zip', async () => {
    const zip = layerZip('download');
    const out = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'download', Content: { ZipFile: zip } }));
    const fromPublish = await fetch(out.Content?.Location ?? '');
    assert.equal(fromPublish.status, 200);
    assert.deepEqual(Buffer.from(await fromPublish.arrayBuffer()), zip);

    const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'download', VersionNumber: 1 }));
    const fromGet = await fetch(got.Content?.Location ?? '');
    assert.equal(fromGet.status, 200);
    assert.deepEqual(Buffer.from(await fromGet.arrayBuffer()), zip);

    const tampered = (got.Content?.Location ?? '').replace(/[0-9a-f]{64}/, '0'.repeat(64));
    assert.equal((await fetch(tampered)).status, 403);
  });

  test('GetLayerVersion, GetLayerVersionByArn and a layer-ARN path all return the same version', async () => {
    const published = await publish({ LayerName: 'getme', Description: 'd', CompatibleRuntimes: ['python3.12'] });
    const byName = await lambda.send(new GetLayerVersionCommand({ LayerName: 'getme', VersionNumber: 1 }));
    const byArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN_PREFIX}getme:1` }));
    const byLayerArn = await lambda.send(new GetLayerVersionCommand({ LayerName: `${LAYER_ARN_PREFIX}getme`, VersionNumber: 1 }));
    assert.equal(byName.$metadata.httpStatusCode, 200);
    const strip = (o: typeof byName) => {
      const { $metadata: _m, Content, ...rest } = o;
      return { ...rest, CodeSha256: Content?.CodeSha256, CodeSize: Content?.CodeSize };
    };
    const { $metadata: _p, Content: pc, ...pub } = published;
    const expected = { ...pub, CodeSha256: pc?.CodeSha256, CodeSize: pc?.CodeSize };
    assert.deepEqual(strip(byName), expected);
    assert.deepEqual(strip(byArn), expected);
    assert.deepEqual(strip(byLayerArn), expected);
  });

  test('version numbers start at 1 and are never reused, even after every version was deleted', async () => {
    assert.equal((await publish({ LayerName: 'counter' })).Version, 1);
    assert.equal((await publish({ LayerName: 'counter' })).Version, 2);
    for (const VersionNumber of [1, 2]) {
      const del = await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'counter', VersionNumber }));
      assert.equal(del.$metadata.httpStatusCode, 204);
    }
    const none = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'counter' }));
    assert.deepEqual(none.LayerVersions, []);
    const third = await publish({ LayerName: 'counter' });
    assert.equal(third.Version, 3);
    assert.equal(third.LayerVersionArn, `${LAYER_ARN_PREFIX}counter:3`);
  });

  test('DeleteLayerVersion is idempotent and the version is gone afterwards', async () => {
    await publish({ LayerName: 'gone' });
    const first = await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'gone', VersionNumber: 1 }));
    const again = await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'gone', VersionNumber: 1 }));
    const never = await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'never-existed', VersionNumber: 7 }));
    assert.deepEqual([first, again, never].map((r) => r.$metadata.httpStatusCode), [204, 204, 204]);
    const err = await failure(lambda.send(new GetLayerVersionCommand({ LayerName: 'gone', VersionNumber: 1 })));
    assert.deepEqual(err, { name: 'ResourceNotFoundException', message: NOT_FOUND, status: 404 });
    const invalid = await failure(lambda.send(new DeleteLayerVersionCommand({ LayerName: 'gone', VersionNumber: -1 })));
    assert.deepEqual(invalid, { name: 'InvalidParameterValueException', message: 'Layer Version Cannot be less than 1', status: 400 });
  });

  test('ListLayerVersions lists newest first, filters, and pages with Marker/MaxItems', async () => {
    await publish({ LayerName: 'multi', CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['x86_64'] });
    await publish({ LayerName: 'multi', CompatibleRuntimes: ['nodejs20.x'], CompatibleArchitectures: ['arm64'] });
    await publish({ LayerName: 'multi', CompatibleRuntimes: ['python3.12', 'nodejs20.x'], LicenseInfo: 'BSD' });
    await publish({ LayerName: 'multi' });

    const all = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'multi' }));
    assert.deepEqual(all.LayerVersions?.map((v) => v.Version), [4, 3, 2, 1]);
    assert.equal(all.NextMarker, undefined);
    const v3 = all.LayerVersions?.[1];
    assert.deepEqual(Object.keys(v3 ?? {}).sort(), ['CompatibleRuntimes', 'CreatedDate', 'Description', 'LayerVersionArn', 'LicenseInfo', 'Version']);
    assert.equal(v3?.LayerVersionArn, `${LAYER_ARN_PREFIX}multi:3`);

    const python = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'multi', CompatibleRuntime: 'python3.12' }));
    assert.deepEqual(python.LayerVersions?.map((v) => v.Version), [3, 1]);
    const arm = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'multi', CompatibleArchitecture: 'arm64' }));
    assert.deepEqual(arm.LayerVersions?.map((v) => v.Version), [2]);
    const both = await lambda.send(
      new ListLayerVersionsCommand({ LayerName: 'multi', CompatibleRuntime: 'nodejs20.x', CompatibleArchitecture: 'x86_64' }),
    );
    assert.deepEqual(both.LayerVersions, []);

    const seen: number[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'multi', MaxItems: 1, Marker }));
      seen.push(...(page.LayerVersions ?? []).map((v) => v.Version ?? 0));
      Marker = page.NextMarker;
      pages += 1;
    } while (Marker !== undefined);
    assert.deepEqual(seen, [4, 3, 2, 1]);
    assert.equal(pages, 4);

    const filteredPage = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'multi', CompatibleRuntime: 'python3.12', MaxItems: 1 }));
    assert.deepEqual(filteredPage.LayerVersions?.map((v) => v.Version), [3]);
    const rest = await lambda.send(
      new ListLayerVersionsCommand({ LayerName: 'multi', CompatibleRuntime: 'python3.12', MaxItems: 1, Marker: filteredPage.NextMarker }),
    );
    assert.deepEqual(rest.LayerVersions?.map((v) => v.Version), [1]);
    assert.equal(rest.NextMarker, undefined);

    const unknown = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'layerdoesnotexist' }));
    assert.equal(unknown.$metadata.httpStatusCode, 200);
    assert.deepEqual(unknown.LayerVersions, []);
  });

  describe('ListLayers', () => {
    let client: LambdaClient;
    let own: LambdaboxFixture;

    // A server of its own, so other tests' layers do not change what is listed.
    before(async () => {
      ({ fixture: own, lambda: client } = await startControl());
      const put = (LayerName: string, extra: Partial<PublishLayerVersionCommandInput> = {}) =>
        client.send(new PublishLayerVersionCommand({ LayerName, Content: { ZipFile: layerZip(LayerName) }, ...extra }));
      await put('alpha', { CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['x86_64'] });
      await put('alpha', { CompatibleRuntimes: ['nodejs20.x'], Description: 'alpha v2' });
      await put('bravo', { CompatibleRuntimes: ['nodejs20.x'], CompatibleArchitectures: ['arm64'] });
      await put('charlie');
      await put('delta');
      await client.send(new DeleteLayerVersionCommand({ LayerName: 'delta', VersionNumber: 1 }));
    });
    after(async () => {
      await own.close();
    });

    test('lists every layer that has versions, by name, with its latest version', async () => {
      const out = await client.send(new ListLayersCommand({}));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.deepEqual(out.Layers?.map((l) => l.LayerName), ['alpha', 'bravo', 'charlie']);
      const alpha = out.Layers?.[0];
      assert.equal(alpha?.LayerArn, `${LAYER_ARN_PREFIX}alpha`);
      const { CreatedDate, ...latest } = alpha?.LatestMatchingVersion ?? {};
      assert.match(CreatedDate ?? '', CREATED_DATE);
      assert.deepEqual(latest, {
        LayerVersionArn: `${LAYER_ARN_PREFIX}alpha:2`,
        Version: 2,
        Description: 'alpha v2',
        CompatibleRuntimes: ['nodejs20.x'],
      });
      assert.equal(out.NextMarker, undefined);
    });

    test('filters pick the latest matching version and drop layers with none', async () => {
      const python = await client.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }));
      assert.deepEqual(python.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]), [['alpha', 1]]);
      const node = await client.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }));
      assert.deepEqual(node.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]), [['alpha', 2], ['bravo', 1]]);
      const arm = await client.send(new ListLayersCommand({ CompatibleArchitecture: 'arm64' }));
      assert.deepEqual(arm.Layers?.map((l) => l.LayerName), ['bravo']);
      const none = await client.send(new ListLayersCommand({ CompatibleRuntime: 'java21' }));
      assert.deepEqual(none.Layers, []);
    });

    test('pages with Marker and MaxItems', async () => {
      const names: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await client.send(new ListLayersCommand({ MaxItems: 2, Marker }));
        assert.ok((page.Layers?.length ?? 0) <= 2);
        names.push(...(page.Layers ?? []).map((l) => l.LayerName ?? ''));
        Marker = page.NextMarker;
      } while (Marker !== undefined);
      assert.deepEqual(names, ['alpha', 'bravo', 'charlie']);
    });

    test('invalid filters, MaxItems and markers are refused as AWS does', async () => {
      assert.deepEqual(await failure(client.send(new ListLayersCommand({ CompatibleArchitecture: 'archdoesnotexist' as 'x86_64' }))), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [x86_64, arm64]',
        status: 400,
      });
      const runtime = await failure(client.send(new ListLayersCommand({ CompatibleRuntime: 'runtimedoesnotexist' as 'java21' })));
      assert.equal(runtime.name, 'ValidationException');
      assert.ok(
        runtime.message.startsWith(
          "1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: " +
            'Member must satisfy enum value set: [ruby3.5, ruby2.6, ',
        ),
        runtime.message,
      );
      assert.deepEqual(await failure(client.send(new ListLayersCommand({ MaxItems: 51 }))), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
        status: 400,
      });
      assert.deepEqual(await failure(client.send(new ListLayersCommand({ Marker: 'not-a-marker' }))), {
        name: 'InvalidParameterValueException',
        message: 'The marker provided is not valid.',
        status: 400,
      });
    });
  });

  describe('errors', () => {
    test('missing layers and versions are 404 with AWS message; versions below 1 are refused', async () => {
      await publish({ LayerName: 'errs' });
      const cases = [
        lambda.send(new GetLayerVersionCommand({ LayerName: 'layerdoesnotexist', VersionNumber: 1 })),
        lambda.send(new GetLayerVersionCommand({ LayerName: 'errs', VersionNumber: 2 })),
        lambda.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN_PREFIX}errs:2` })),
      ];
      for (const c of cases) assert.deepEqual(await failure(c), { name: 'ResourceNotFoundException', message: NOT_FOUND, status: 404 });
      for (const VersionNumber of [0, -1]) {
        assert.deepEqual(await failure(lambda.send(new GetLayerVersionCommand({ LayerName: 'errs', VersionNumber }))), {
          name: 'InvalidParameterValueException',
          message: 'Layer Version Cannot be less than 1',
          status: 400,
        });
      }
    });

    test('GetLayerVersionByArn without a version is a pattern ValidationException', async () => {
      const arn = `${LAYER_ARN_PREFIX}errs`;
      assert.deepEqual(await failure(lambda.send(new GetLayerVersionByArnCommand({ Arn: arn }))), {
        name: 'ValidationException',
        message:
          `1 validation error detected: Value '${arn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
          '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)',
        status: 400,
      });
    });

    test('invalid layer names fail the LayerName pattern', async () => {
      const err = await failure(lambda.send(new GetLayerVersionCommand({ LayerName: 'bad name!', VersionNumber: 1 })));
      assert.deepEqual(err, {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'bad name!' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
          '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
        status: 400,
      });
      const tooLong = await failure(publish({ LayerName: 'x'.repeat(141) }));
      assert.equal(tooLong.name, 'ValidationException');
      assert.match(tooLong.message, /at 'layerName' failed to satisfy constraint: Member must have length less than or equal to 140/);
    });

    test('layer names and layer ARNs up to 140 characters are accepted', async () => {
      const name = 'n'.repeat(140);
      const out = await publish({ LayerName: name });
      assert.equal(out.LayerVersionArn, `${LAYER_ARN_PREFIX}${name}:1`);
      const arnName = `${LAYER_ARN_PREFIX}${'a'.repeat(140 - LAYER_ARN_PREFIX.length)}`;
      const viaArn = await lambda.send(new ListLayerVersionsCommand({ LayerName: arnName }));
      assert.deepEqual(viaArn.LayerVersions, []);
    });

    test('another account or region is AccessDenied, naming the caller, the action and the resource', async () => {
      const other = `arn:aws:lambda:${TEST_REGION}:111111111111:layer:theirs`;
      const otherRegion = `arn:aws:lambda:eu-west-1:${TEST_ACCOUNT_ID}:layer:errs`;
      const denied = (action: string, resource: string) => ({
        name: 'AccessDeniedException',
        message:
          `User: arn:aws:iam::${TEST_ACCOUNT_ID}:root is not authorized to perform: ${action} on resource: ${resource} ` +
          `because no resource-based policy allows the ${action} action`,
        status: 403,
      });
      assert.deepEqual(
        await failure(lambda.send(new GetLayerVersionByArnCommand({ Arn: `${other}:1` }))),
        denied('lambda:GetLayerVersion', `${other}:1`),
      );
      assert.deepEqual(
        await failure(lambda.send(new GetLayerVersionCommand({ LayerName: otherRegion, VersionNumber: 1 }))),
        denied('lambda:GetLayerVersion', `${otherRegion}:1`),
      );
      assert.deepEqual(await failure(lambda.send(new ListLayerVersionsCommand({ LayerName: other }))), denied('lambda:ListLayerVersions', other));
      assert.deepEqual(
        await failure(lambda.send(new DeleteLayerVersionCommand({ LayerName: other, VersionNumber: 1 }))),
        denied('lambda:DeleteLayerVersion', `${other}:1`),
      );
      assert.deepEqual(await failure(publish({ LayerName: other })), denied('lambda:PublishLayerVersion', other));
    });

    test('PublishLayerVersion model and content errors', async () => {
      const bad = await failure(
        lambda.send(
          new PublishLayerVersionCommand({
            LayerName: 'bad-compat',
            Content: { ZipFile: layerZip('x') },
            CompatibleRuntimes: ['invalidruntime' as 'java21'],
            CompatibleArchitectures: ['invalidarch' as 'x86_64'],
          }),
        ),
      );
      assert.equal(bad.name, 'ValidationException');
      assert.match(bad.message, /^2 validation errors detected: Value '\[invalidruntime\]' at 'compatibleRuntimes'/);
      const notZip = await failure(lambda.send(new PublishLayerVersionCommand({ LayerName: 'not-zip', Content: { ZipFile: Buffer.from('plain text') } })));
      assert.deepEqual(notZip, {
        name: 'InvalidParameterValueException',
        message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
        status: 400,
      });
      const noVersion = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'not-zip' }));
      assert.deepEqual(noVersion.LayerVersions, []);
    });
  });

  describe('functions referencing layers', () => {
    const createFn = (FunctionName: string, Layers: string[], ZipFile: Uint8Array = helloZip()) =>
      lambda.send(new CreateFunctionCommand(functionInput(FunctionName, { Code: { ZipFile }, Layers })));

    test('CreateFunction shows Layers [{Arn, CodeSize}] and keeps them after the layer version is deleted', async () => {
      const layer = await publish({ LayerName: 'fn-layer' });
      const fn = await createFn('uses-layer', [layer.LayerVersionArn ?? '']);
      assert.deepEqual(fn.Layers, [{ Arn: `${LAYER_ARN_PREFIX}fn-layer:1`, CodeSize: layer.Content?.CodeSize }]);
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'fn-layer', VersionNumber: 1 }));
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'uses-layer' }));
      assert.deepEqual(config.Layers, [{ Arn: `${LAYER_ARN_PREFIX}fn-layer:1`, CodeSize: layer.Content?.CodeSize }]);
    });

    test('a deleted layer version cannot be newly referenced', async () => {
      const layer = await publish({ LayerName: 'deleted-layer' });
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'deleted-layer', VersionNumber: 1 }));
      const err = await failure(createFn('refs-deleted', [layer.LayerVersionArn ?? '']));
      assert.deepEqual(err, {
        name: 'InvalidParameterValueException',
        message: `Layer version ${LAYER_ARN_PREFIX}deleted-layer:1 does not exist.`,
        status: 400,
      });
    });

    test('six layers, or two versions of one layer, are refused', async () => {
      const arns: string[] = [];
      for (let i = 1; i <= 6; i += 1) arns.push((await publish({ LayerName: `six-${i}` })).LayerVersionArn ?? '');
      assert.deepEqual(await failure(createFn('six-layers', arns)), {
        name: 'InvalidParameterValueException',
        message: 'Cannot reference more than 5 layers.',
        status: 400,
      });
      const second = (await publish({ LayerName: 'six-1' })).LayerVersionArn ?? '';
      assert.deepEqual(await failure(createFn('two-versions', [arns[0] ?? '', second])), {
        name: 'InvalidParameterValueException',
        message:
          'Two different versions of the same layer are not allowed to be referenced in the same function. ' +
          `${arns[0]} and ${second} are versions of the same layer.`,
        status: 400,
      });
    });

    test('code and layers together may not unzip to more than 250 MB', async () => {
      // 1,000,000 zero bytes per entry deflate to ~1 KB each and stay under the per-entry
      // compression-ratio guard (it applies past 1 MiB). fflate needs seconds for hundreds of MB of
      // zeros, so one entry is deflated once and repeated under different names.
      const template = deflated('zeros.bin', new Uint8Array(1_000_000));
      const zerosZip = (prefix: string, n: number, extra: RawEntry[] = []): Buffer =>
        Buffer.from(rawZip([...extra, ...Array.from({ length: n }, (_, i) => ({ ...template, name: `${prefix}/${i}.bin` }))]));
      const bigLayer = zerosZip('python/blob', 210);
      const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: bigLayer } }));
      assert.equal(layer.Version, 1);
      const code = zerosZip('data', 60, [deflated('index.mjs', new TextEncoder().encode('export const handler = async () => 1;\n'))]);

      // Alone, the 60 MB package is fine; with the 210 MB layer it is over the 262144000-byte budget.
      const alone = await createFn('big-code-alone', [], code);
      assert.equal(alone.CodeSize, code.length);
      // AWS's wording, as users quote it (e.g. lambci/git-lambda-layer#27, brefphp/bref#450).
      const actual = 210 * 1_000_000 + 60 * 1_000_000 + 'export const handler = async () => 1;\n'.length;
      assert.deepEqual(await failure(createFn('big-code-with-layer', [layer.LayerVersionArn ?? ''], code)), {
        name: 'InvalidParameterValueException',
        message: `Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is ${actual} bytes.`,
        status: 400,
      });
    });
  });
});
