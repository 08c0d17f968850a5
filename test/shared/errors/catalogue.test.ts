import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AWS_ERRORS, faultOf } from '../../../src/shared/errors/catalogue.js';
import type { AwsErrorSpec } from '../../../src/shared/errors/catalogue.js';
import * as awsErrors from '../../../src/shared/errors/aws-error.js';
import * as lambdaErrors from '../../../src/shared/errors/lambda-errors.js';
import * as queryErrors from '../../../src/shared/errors/query-errors.js';
import * as jsonErrors from '../../../src/shared/errors/json-errors.js';
import * as iamErrors from '../../../src/services/iam/operations/iam-errors.js';
import * as stsErrors from '../../../src/services/sts/operations/sts-errors.js';
import { SQS_ERRORS, SqsError } from '../../../src/services/sqs/sqs-errors.js';
import * as configErrors from '../../../src/services/config/config-errors.js';
import { renderRestJsonError } from '../../../src/http/rest-json-errors.js';
import { renderQueryError } from '../../../src/http/query/query-errors.js';
import { jsonBody } from '../../../src/api/lambda/json-body.js';
import type { ApiRequest } from '../../../src/http/api-request.js';
import { repoRoot } from '../../helpers/repo-root.js';

const CATALOGUES: Record<string, Readonly<Record<string, AwsErrorSpec>>> = {
  kernel: AWS_ERRORS,
  iam: iamErrors.IAM_ERRORS,
  sts: stsErrors.STS_ERRORS,
  sqs: SQS_ERRORS,
  config: configErrors.CONFIG_ERRORS,
};

const entries = Object.entries(CATALOGUES).flatMap(([owner, catalogue]) =>
  Object.entries(catalogue).map(([name, spec]) => ({ where: `${owner}.${name}`, spec })),
);

/** Every wire spelling an entry puts on the wire: its code, plus the awsJson `__type` of SQS's. */
function spellings(spec: AwsErrorSpec): Array<[string, string]> {
  const out: Array<[string, string]> = [[spec.protocol, spec.code]];
  if (spec.jsonType !== undefined) out.push(['json', spec.jsonType]);
  return out;
}

/** The classes a module exports that were built from a catalogue entry (`awsErrorClass`). */
function cataloguedClasses(module: Record<string, unknown>): Array<[string, AwsErrorSpec]> {
  return Object.entries(module).flatMap(([name, value]) => {
    const spec = typeof value === 'function' ? (value as { spec?: AwsErrorSpec }).spec : undefined;
    return spec === undefined ? [] : [[name, spec] as [string, AwsErrorSpec]];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [path] : [];
  });
}

describe('the AWS error catalogue', () => {
  test('every entry has a protocol, a stable code and an HTTP error status', () => {
    for (const { where, spec } of entries) {
      assert.ok(['rest-json', 'query', 'json'].includes(spec.protocol), `${where}: protocol ${spec.protocol}`);
      assert.match(spec.code, /^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$/, `${where}: code`);
      assert.ok(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599, `${where}: status ${spec.status}`);
      assert.equal(faultOf(spec), spec.status >= 500 ? 'Service' : 'User', `${where}: fault`);
      if (spec.jsonType !== undefined) assert.match(spec.jsonType, /^[a-z.]+#[A-Z][A-Za-z]*$/, `${where}: jsonType`);
    }
  });

  test('no two entries spell the same code for the same protocol (kernel and every service)', () => {
    const seen = new Map<string, string>();
    for (const { where, spec } of entries) {
      for (const [protocol, code] of spellings(spec)) {
        const key = `${protocol} ${code}`;
        assert.equal(seen.get(key), undefined, `${where} repeats ${key} of ${seen.get(key) ?? ''}`);
        seen.set(key, where);
      }
    }
  });

  test('one ServiceException, and one SerializationException per protocol', () => {
    const service = entries.filter((e) => e.spec.code === 'ServiceException');
    assert.deepEqual(service.map((e) => e.where), ['kernel.Service']);
    const serialization = entries.filter((e) => e.spec.code === 'SerializationException');
    assert.deepEqual(serialization.map((e) => [e.spec.protocol, e.where]), [
      ['rest-json', 'kernel.Serialization'],
      ['json', 'kernel.JsonSerialization'],
    ]);
  });

  test('every catalogued class is built from an entry of a catalogue, and no two classes share one', () => {
    const known = new Set(entries.map((e) => e.spec));
    const used = new Map<AwsErrorSpec, string>();
    const modules = { awsErrors, lambdaErrors, queryErrors, jsonErrors, iamErrors, stsErrors, configErrors };
    for (const [moduleName, module] of Object.entries(modules)) {
      for (const [name, spec] of cataloguedClasses(module as Record<string, unknown>)) {
        assert.ok(known.has(spec), `${moduleName}.${name} is built from no catalogue entry`);
        assert.equal(used.get(spec), undefined, `${moduleName}.${name} and ${used.get(spec) ?? ''} share ${spec.code}`);
        used.set(spec, `${moduleName}.${name}`);
      }
    }
    assert.ok(used.size >= 30, `only ${used.size} catalogued classes found`);
  });

  test('an instance carries its entry: code, status, fault and message spelling', () => {
    const cases: Array<[awsErrors.AwsError, AwsErrorSpec]> = [
      [new lambdaErrors.ResourceNotFoundError('m'), AWS_ERRORS.ResourceNotFound],
      [new lambdaErrors.InvalidParameterValueError('m'), AWS_ERRORS.InvalidParameterValue],
      [new awsErrors.AccessDeniedError(), AWS_ERRORS.AccessDenied],
      [new queryErrors.QueryValidationError('m'), AWS_ERRORS.QueryValidation],
      [new iamErrors.NoSuchEntityError('m'), iamErrors.IAM_ERRORS.NoSuchEntity],
      [new SqsError(SQS_ERRORS.PurgeQueueInProgress, 'm'), SQS_ERRORS.PurgeQueueInProgress],
    ];
    for (const [err, spec] of cases) {
      assert.ok(awsErrors.isAwsError(err));
      assert.equal(err.code, spec.code);
      assert.equal(err.name, spec.code);
      assert.equal(err.status, spec.status);
      assert.equal(err.faultType, faultOf(spec));
      assert.equal(err.messageKey, spec.messageKey ?? 'message');
    }
  });

  test('no AWS error is defined outside a catalogue: no ad-hoc `new AwsError(` or `extends AwsError` in src/', () => {
    const root = repoRoot();
    const allowed = new Set(['src/shared/errors/aws-error.ts', 'src/services/sqs/sqs-errors.ts']);
    for (const file of sourceFiles(join(root, 'src'))) {
      const path = relative(root, file).split('\\').join('/');
      if (allowed.has(path)) continue;
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /new AwsError\(|extends AwsError\b/, path);
    }
  });
});

describe('the merged errors keep their wire form', () => {
  test('ServiceException: 500, `Message`, the caller\'s message; the front door\'s keeps AWS\'s wording and its cause', () => {
    assert.deepEqual(renderRestJsonError(new awsErrors.ServiceError('This lambdabox server does not run functions.')), {
      status: 500,
      headers: { 'x-amzn-ErrorType': 'ServiceException' },
      body: { Type: 'Service', Message: 'This lambdabox server does not run functions.', __type: 'ServiceException' },
    });
    const cause = new Error('disk on fire');
    const internal = awsErrors.internalError(cause);
    assert.equal(internal.cause, cause);
    assert.deepEqual(renderRestJsonError(internal).body, {
      Type: 'Service',
      Message: 'An internal error occurred. Please retry.',
      __type: 'ServiceException',
    });
  });

  test('rest-json SerializationException: `message` for a mistyped member, `Message` for a body that is not JSON', () => {
    assert.deepEqual(renderRestJsonError(new lambdaErrors.SerializationError('STRING_VALUE can not be converted to a Long')).body, {
      Type: 'User',
      message: 'STRING_VALUE can not be converted to a Long',
      __type: 'SerializationException',
    });
    const req = { body: Buffer.from('{nope') } as ApiRequest;
    assert.throws(
      () => jsonBody(req),
      (err: unknown) => {
        assert.ok(err instanceof lambdaErrors.SerializationError);
        assert.deepEqual(renderRestJsonError(err), {
          status: 400,
          headers: { 'x-amzn-ErrorType': 'SerializationException' },
          body: { Type: 'User', Message: 'Could not parse the request body as JSON.', __type: 'SerializationException' },
        });
        return true;
      },
    );
  });

  test('query AccessDenied and the respelled front-door refusal render the same bytes', () => {
    const own = renderQueryError(new queryErrors.QueryAccessDeniedError('no'), 'r-1', 'urn:x');
    const respelled = renderQueryError(awsErrors.respelled(new awsErrors.AccessDeniedError('no'), 'AccessDenied'), 'r-1', 'urn:x');
    assert.deepEqual(own, respelled);
    assert.equal(own.status, 403);
    assert.match(String(own.body), /<Code>AccessDenied<\/Code><Message>no<\/Message>/);
  });

  test('awsJson SerializationException and UnknownOperationException are 400 User errors', () => {
    const ser = new jsonErrors.JsonSerializationError('Start of structure or map found where not expected.');
    assert.deepEqual([ser.code, ser.status, ser.faultType], ['SerializationException', 400, 'User']);
    const unknown = new jsonErrors.JsonUnknownOperationError('Unknown operation AmazonSQS.Nope');
    assert.deepEqual([unknown.code, unknown.status, unknown.faultType], ['UnknownOperationException', 400, 'User']);
  });
});
