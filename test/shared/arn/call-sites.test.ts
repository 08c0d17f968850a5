/**
 * The ARN parsing each call site did with its own regular expression, now done with src/shared/arn:
 * every call site must accept and refuse exactly what it did. The old expressions are kept here as
 * oracles and compared on the same texts (hand-picked edge cases and a seeded mix, see corpus.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpus } from './corpus.js';
import { taggedResourceKey } from '../../../src/iam/authz/resource-tags.js';
import { functionTarget, layerTarget, layerVersionArnTarget } from '../../../src/api/lambda/iam-targets.js';
import type { IamInput } from '../../../src/api/lambda/iam-spec.js';
import { parseQueueArn } from '../../../src/services/sqs/queue-names.js';
import { parseRoleArn } from '../../../src/iam/sessions/lambda-trust.js';
import { executionRoleCaller } from '../../../src/iam/execution-role-caller.js';
import { parsePolicyArn, principalNameFromArn } from '../../../src/iam/ids.js';
import { isIamEntityArn, managedPolicyArn } from '../../../src/iam/authz/authorizer.js';
import { accountOfRoot } from '../../../src/iam/policy/principal-match.js';
import { modelLayerArnParts } from '../../../src/control/validation/layer-arn.js';
import { destinationFunction, serviceOf } from '../../../src/control/validation/event-invoke-config.js';
import { resourceParts } from '../../../src/control/validation/tags.js';
import { targetArn } from '../../../src/control/async-target-permission.js';
import { isOtherTarget } from '../../../src/control/event-invoke-configs/destinations.js';
import { isSqsArn } from '../../../src/invoke/async/destination-delivery.js';
import { hasStrictNames, parseFunctionArn, targetFunctionArnParts, unqualified } from '../../../src/shared/arn/function-arn.js';
import {
  FUNCTION_NAME_DIALECT,
  LENIENT_FUNCTION_NAME_DIALECT,
  NAMESPACED_FUNCTION_NAME_DIALECT,
  functionNamePattern,
} from '../../../src/shared/arn/function-name.js';

const TEXTS = corpus();

/** Compares `now` with `before` on every text, naming the first text they disagree on. */
function sameOn<T>(before: (text: string) => T, now: (text: string) => T): void {
  let checked = 0;
  for (const text of TEXTS) {
    assert.deepEqual(now(text), before(text), `disagree on ${JSON.stringify(text)}`);
    checked++;
  }
  assert.ok(checked > 40000);
}

/** The corpus must exercise both answers, or a comparison proves little. */
function bothAnswers(accepts: (text: string) => boolean): void {
  const accepted = TEXTS.filter(accepts).length;
  assert.ok(accepted > 0 && accepted < TEXTS.length, `accepted ${accepted} of ${TEXTS.length}`);
}

const g = (m: RegExpExecArray | null): Record<string, string | undefined> | undefined => m?.groups;

describe('the function-name dialects are the regular expressions they replaced', () => {
  test('FunctionName and NamespacedFunctionName (control/validation/function-ref.ts)', () => {
    const REGION = '(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d)';
    const PREFIX = `^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:${REGION}:)?(?:(?<account>\\d{12}):)?(?:function:)?`;
    assert.equal(functionNamePattern(FUNCTION_NAME_DIALECT).source, new RegExp(`${PREFIX}(?<name>[a-zA-Z0-9-_]+)(?::(?<qualifier>\\$LATEST|[a-zA-Z0-9-_]+))?$`).source);
    assert.equal(
      functionNamePattern(NAMESPACED_FUNCTION_NAME_DIALECT).source,
      new RegExp(`${PREFIX}(?<name>[a-zA-Z0-9-_.]+)(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$`).source,
    );
  });

  test('the IAM layer lenient one (api/lambda/iam-targets.ts), without eusc- regions', () => {
    const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';
    const old = new RegExp(
      `^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:(?<region>${REGION}):)?(?:(?<account>\\d{12}):)?(?:function:)?(?<name>[^:]*)(?::(?<qualifier>[^:]+))?$`,
    );
    assert.equal(functionNamePattern(LENIENT_FUNCTION_NAME_DIALECT).source, old.source);
  });
});

describe('call sites accept and refuse what they did', () => {
  test('iam/authz/resource-tags.ts taggedResourceKey', () => {
    const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:(?<region>[^:]+):(?<account>\d{12}):function:(?<name>[^:]+)(?::[^:]+)?$/;
    const QUEUE_ARN = /^arn:aws[a-zA-Z-]*:sqs:(?<region>[^:]+):(?<account>\d{12}):(?<name>[^:]+)$/;
    const IAM_ARN = /^arn:aws[a-zA-Z-]*:iam::(?<account>\d{12}):(?<kind>user|role|policy)\/(?:[^:]*\/)?(?<name>[^/:]+)$/;
    const old = (arn: string, region: string): unknown => {
      const fn = g(FUNCTION_ARN.exec(arn));
      if (fn !== undefined) return fn['region'] === region ? { kind: 'function', accountId: fn['account'], name: fn['name'] } : undefined;
      const queue = g(QUEUE_ARN.exec(arn));
      if (queue !== undefined) return queue['region'] === region ? { kind: 'queue', accountId: queue['account'], name: queue['name'] } : undefined;
      const iam = g(IAM_ARN.exec(arn));
      if (iam === undefined) return undefined;
      return { kind: iam['kind'], accountId: iam['account'], name: iam['kind'] === 'policy' ? arn : iam['name'] };
    };
    for (const region of ['us-east-1', 'cn-north-1']) sameOn((t) => old(t, region), (t) => taggedResourceKey(t, region));
    bothAnswers((t) => taggedResourceKey(t, 'us-east-1') !== undefined);
  });

  test('api/lambda/iam-targets.ts functionTarget, layerTarget, layerVersionArnTarget', () => {
    const input = { caller: { accountId: '999999999999' }, region: 'us-west-2' } as unknown as IamInput;
    const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';
    const FUNCTION_PARTS = new RegExp(
      `^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:(?<region>${REGION}):)?(?:(?<account>\\d{12}):)?(?:function:)?(?<name>[^:]*)(?::(?<qualifier>[^:]+))?$`,
    );
    const LAYER_PARTS = /^arn:aws[a-zA-Z-]*:lambda:(?<region>[^:]+):(?<account>\d{12}):layer:(?<name>[^:]+)$/;
    const LAYER_VERSION_PARTS = /^arn:aws[a-zA-Z-]*:lambda:(?<region>[^:]+):(?<account>\d{12}):layer:(?<name>[^:]+):(?<version>\d+)$/;
    sameOn(
      (raw) => {
        const groups = g(FUNCTION_PARTS.exec(raw));
        const accountId = groups?.['account'] ?? '999999999999';
        const region = groups?.['region'] ?? 'us-west-2';
        const name = groups?.['name'] ?? raw;
        const qualifier = groups?.['qualifier'];
        const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
        return { accountId, region, name, ...(qualifier === undefined ? {} : { qualifier }), arn: qualifier === undefined ? base : `${base}:${qualifier}` };
      },
      (raw) => functionTarget(input, raw),
    );
    sameOn(
      (raw) => {
        const groups = g(LAYER_PARTS.exec(raw));
        const accountId = groups?.['account'] ?? '999999999999';
        const region = groups?.['region'] ?? 'us-west-2';
        const name = groups?.['name'] ?? raw;
        return { accountId, region, name, arn: `arn:aws:lambda:${region}:${accountId}:layer:${name}` };
      },
      (raw) => layerTarget(input, raw),
    );
    sameOn(
      (arn) => {
        const groups = g(LAYER_VERSION_PARTS.exec(arn));
        if (groups === undefined) return undefined;
        const { region, account: accountId, name, version } = groups as Record<string, string>;
        return { layer: { accountId, region, name, arn: `arn:aws:lambda:${region}:${accountId}:layer:${name}` }, version: String(Number(version)) };
      },
      (arn) => layerVersionArnTarget(arn),
    );
    bothAnswers((t) => layerVersionArnTarget(t) !== undefined);
  });

  test('control/validation/layer-arn.ts: layer and layer version ARNs (empty partition allowed)', () => {
    const LAYER_VERSION_PARTS =
      /^arn:(?:aws[a-zA-Z-]*)?:lambda:(?<region>[^:]+):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9-_]+):(?<version>[0-9]+)$/;
    const LAYER_PARTS = /^arn:(?:aws[a-zA-Z-]*)?:lambda:(?<region>[^:]+):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9-_]+)$/;
    const pick = (p: { region: string; accountId: string; name: string; version?: string } | undefined): unknown =>
      p === undefined ? undefined : [p.region, p.accountId, p.name, p.version];
    const fromGroups = (m: Record<string, string | undefined> | undefined): unknown =>
      m === undefined ? undefined : [m['region'], m['account'], m['name'], m['version']];
    sameOn((t) => fromGroups(g(LAYER_VERSION_PARTS.exec(t))), (t) => pick(modelLayerArnParts(t, true)));
    sameOn((t) => fromGroups(g(LAYER_PARTS.exec(t))), (t) => pick(modelLayerArnParts(t, false)));
    bothAnswers((t) => modelLayerArnParts(t, true) !== undefined);
  });

  test('services/sqs/queue-names.ts parseQueueArn: aws partition only, SQS names, this region', () => {
    const old = (arn: string, region: string): unknown => {
      const m = /^arn:aws:sqs:([^:]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/.exec(arn);
      if (m === null || m[1] !== region) return undefined;
      return { accountId: m[2], name: m[3] };
    };
    for (const region of ['us-east-1', '']) sameOn((t) => old(t, region), (t) => parseQueueArn(t, region));
    bothAnswers((t) => parseQueueArn(t, 'us-east-1') !== undefined);
  });

  test('iam/sessions/lambda-trust.ts parseRoleArn: aws partition, printable path, IAM name characters', () => {
    const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]{1,64})$/;
    sameOn(
      (t) => {
        const m = ROLE_ARN.exec(t);
        return m === null ? undefined : { accountId: m[1], roleName: m[2] };
      },
      (t) => parseRoleArn(t),
    );
    bothAnswers((t) => parseRoleArn(t) !== undefined);
  });

  test('iam/execution-role-caller.ts: any partition, any name, a path on one line', () => {
    const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
    const now = new Date(0);
    sameOn(
      (t) => {
        const m = ROLE_ARN.exec(t);
        return m === null ? undefined : [m[2], `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/fn`];
      },
      (t) => {
        const caller = executionRoleCaller(t, 'arn:aws:lambda:us-east-1:123456789012:function:fn', 'fn', now);
        return caller === undefined ? undefined : [caller.accountId, caller.arn];
      },
    );
    bothAnswers((t) => executionRoleCaller(t, '', 'fn', now) !== undefined);
  });

  test('iam/ids.ts parsePolicyArn and principalNameFromArn', () => {
    sameOn(
      (t) => {
        const m = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(t);
        return m === null ? undefined : { accountId: m[1], path: m[2], name: m[3] };
      },
      (t) => parsePolicyArn(t),
    );
    sameOn(
      (t) => {
        const m = /^arn:aws:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(t);
        return m === null ? undefined : { kind: m[2], accountId: m[1], name: m[3] };
      },
      (t) => principalNameFromArn(t),
    );
    bothAnswers((t) => principalNameFromArn(t) !== undefined);
    bothAnswers((t) => parsePolicyArn(t) !== undefined);
  });

  test('iam/authz/authorizer.ts: IAM entity resources, managed policy ids', () => {
    sameOn((t) => /^arn:[^:]+:iam::\d{12}:(?:user|role)\//.test(t), (t) => isIamEntityArn(t));
    sameOn((t) => (/^arn:aws:iam::(\d{12}|aws):policy\//.test(t) ? t : undefined), (t) => managedPolicyArn(t));
    bothAnswers(isIamEntityArn);
  });

  test('iam/policy/principal-match.ts: account root ARNs in any partition', () => {
    sameOn((t) => /^arn:[^:]+:iam::(\d{12}):root$/.exec(t)?.[1], (t) => accountOfRoot(t));
    bothAnswers((t) => accountOfRoot(t) !== undefined);
  });

  test('control/async-target-permission.ts: target ARNs and the function resource in them', () => {
    const TARGET_ARN = /^arn:[^:]+:(?<service>sqs|sns|lambda|events):(?<region>[^:]*):(?<account>\d{12}):(?<resource>.+)$/;
    const FUNCTION_RESOURCE = /^function:(?<name>[a-zA-Z0-9-_]+)(?::(?<qualifier>[a-zA-Z0-9-_$]+))?$/;
    sameOn(
      (t) => {
        const m = g(TARGET_ARN.exec(t));
        if (m === undefined) return undefined;
        const fn = m['service'] === 'lambda' ? g(FUNCTION_RESOURCE.exec(m['resource'] ?? '')) : undefined;
        return [m['service'], m['region'], m['account'], m['resource'], fn?.['name'], fn?.['qualifier']];
      },
      (t) => {
        const arn = targetArn(t);
        if (arn === undefined) return undefined;
        const parsed = arn.service === 'lambda' ? parseFunctionArn(t) : undefined;
        const fn = parsed?.ok === true && hasStrictNames(parsed.value) ? parsed.value : undefined;
        return [arn.service, arn.region, arn.accountId, arn.resource, fn?.name, fn?.qualifier];
      },
    );
    bothAnswers((t) => targetArn(t) !== undefined);
  });

  test('control/event-invoke-configs/destinations.ts and invoke/async/destination-delivery.ts: function and other targets', () => {
    const FUNCTION_ARN = /^arn:[^:]+:lambda:(?<region>[^:]+):(?<account>\d{12}):function:(?<name>[a-zA-Z0-9-_]+)(?::(?<qualifier>[a-zA-Z0-9-_$]+))?$/;
    const OTHER_TARGETS = [
      /^arn:[^:]+:sqs:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,80}(?:\.fifo)?$/,
      /^arn:[^:]+:sns:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,256}(?:\.fifo)?$/,
      /^arn:[^:]+:events:[^:]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]{1,256}$/,
    ];
    sameOn(
      (t) => {
        const m = g(FUNCTION_ARN.exec(t));
        return m === undefined ? undefined : [m['region'], m['account'], m['name'], m['qualifier']];
      },
      (t) => {
        const p = targetFunctionArnParts(t);
        return p === undefined ? undefined : [p.region, p.accountId, p.name, p.qualifier];
      },
    );
    sameOn((t) => OTHER_TARGETS.some((p) => p.test(t)), (t) => isOtherTarget(t));
    sameOn((t) => /^arn:[^:]+:sqs:/.test(t), (t) => isSqsArn(t));
    bothAnswers((t) => targetFunctionArnParts(t) !== undefined);
    bothAnswers(isOtherTarget);
  });

  test('control/validation/event-invoke-config.ts: destination services and "the function itself"', () => {
    sameOn((t) => (t.startsWith('arn:') ? t.split(':')[2] : undefined), (t) => serviceOf(t));
    sameOn(
      (t) => {
        const m = /^arn:[^:]*:lambda:([^:]*):(\d{12}):function:([^:]+)/.exec(t);
        return m === null ? undefined : { region: m[1], accountId: m[2], name: m[3] };
      },
      (t) => destinationFunction(t),
    );
    bothAnswers((t) => destinationFunction(t) !== undefined);
  });

  test('control/validation/tags.ts: taggable resource ARNs', () => {
    const RESOURCE_PARTS =
      /^arn:[^:]*:lambda:(?<region>[^:]+):(?<account>\d{12}):(?<kind>function|code-signing-config|event-source-mapping|layer|capacity-provider):(?<id>[^:]+)(?::(?<qualifier>.+))?$/;
    sameOn(
      (t) => {
        const m = g(RESOURCE_PARTS.exec(t));
        return m === undefined ? undefined : [m['region'], m['account'], m['kind'], m['id'], m['qualifier']];
      },
      (t) => {
        const p = resourceParts(t);
        return p === undefined ? undefined : [p.region, p.accountId, p.kind, p.id, p.qualifier];
      },
    );
    bothAnswers((t) => resourceParts(t) !== undefined);
  });

  test('invoke: unqualified() is the first seven sections, as both split-based copies were', () => {
    sameOn((t) => t.split(':').slice(0, 7).join(':'), (t) => unqualified(t));
  });
});
