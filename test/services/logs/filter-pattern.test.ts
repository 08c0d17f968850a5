/**
 * CloudWatch Logs filter patterns, checked against the rules and examples of AWS's "Filter pattern syntax"
 * (terms, `?` alternatives, `-` exclusions, quoted phrases, JSON and space-delimited patterns).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterPattern } from '../../../src/services/logs/filter/filter-pattern.js';
import { FilterPatternError } from '../../../src/services/logs/filter/filter-pattern-error.js';
import { messageFields } from '../../../src/services/logs/filter/space-pattern.js';

const matches = (pattern: string, message: string): boolean => compileFilterPattern(pattern)(message);
const invalid = (pattern: string): void => assert.throws(() => compileFilterPattern(pattern), FilterPatternError, pattern);

describe('terms in unstructured events', () => {
  test('the empty pattern (and blanks) match every event', () => {
    assert.equal(matches('', 'anything'), true);
    assert.equal(matches('   ', ''), true);
    assert.equal(compileFilterPattern(undefined)('x'), true);
  });

  test('every term must appear, case-sensitively, anywhere in the message', () => {
    assert.equal(matches('ERROR', '[ERROR] 400 Bad Request'), true);
    assert.equal(matches('ERROR', '[error] 400 Bad Request'), false);
    assert.equal(matches('ERROR ARGUMENTS', 'ERROR: bad ARGUMENTS'), true);
    assert.equal(matches('ERROR ARGUMENTS', 'ERROR: bad arguments'), false);
  });

  test('a quoted phrase matches as written, spaces and punctuation included', () => {
    assert.equal(matches('"INTERNAL SERVER ERROR"', '500 INTERNAL SERVER ERROR'), true);
    assert.equal(matches('"INTERNAL SERVER ERROR"', 'INTERNAL ERROR SERVER'), false);
    assert.equal(matches('"user: alice"', 'login user: alice ok'), true);
    assert.equal(matches('"say \\"hi\\""', 'they say "hi" twice'), true);
  });

  test('?terms are alternatives: one of them must appear', () => {
    assert.equal(matches('?ERROR ?WARN', 'WARN disk'), true);
    assert.equal(matches('?ERROR ?WARN', 'ERROR disk'), true);
    assert.equal(matches('?ERROR ?WARN', 'INFO disk'), false);
    assert.equal(matches('?"bad gateway" ?timeout', 'got bad gateway'), true);
  });

  test('-terms exclude events that contain them', () => {
    assert.equal(matches('ERROR -Exiting', 'ERROR: retrying'), true);
    assert.equal(matches('ERROR -Exiting', 'ERROR: Exiting now'), false);
    assert.equal(matches('"ERROR" -"Exiting now"', 'ERROR Exiting later'), true);
    assert.equal(matches('-DEBUG', 'INFO x'), true);
    assert.equal(matches('-DEBUG', 'DEBUG x'), false);
  });

  test('%regex% values are refused: a backtracking regex over tenant input could stall the server', () => {
    invalid('%ERROR [0-9]{3}%');
    invalid('%^(a+)+$%');
    invalid('{ $.user.name = %^al%}');
  });

  test('wildcards match in linear time, whatever the pattern', () => {
    // A backtracking matcher would not finish the first of these (the test would time out).
    const field = JSON.stringify({ m: 'a'.repeat(200_000) });
    assert.equal(matches('{ $.m = "*a*a*a*a*a*a*a*a*b" }', field), false);
    assert.equal(matches('{ $.m = "a*a*a*a" }', field), true);
    assert.equal(matches('{ $.m = "ab*" }', JSON.stringify({ m: 'a' })), false, 'prefix and suffix may not overlap');
    assert.equal(matches('{ $.m = "a*a" }', JSON.stringify({ m: 'a' })), false);
    assert.equal(matches('{ $.m = "a*a" }', JSON.stringify({ m: 'aa' })), true);
    assert.equal(matches('{ $.m = "*" }', JSON.stringify({ m: '' })), true);
  });

  test('malformed term patterns are invalid', () => {
    invalid('"unterminated');
    invalid('? ERROR');
    invalid('ERROR -');
    invalid('a"b');
    invalid('}');
    invalid(']');
    invalid('%(%');
  });
});

describe('JSON patterns', () => {
  const event = JSON.stringify({
    eventType: 'UpdateTrail',
    level: 'ERROR',
    latency: 750,
    sourceIPAddress: '123.123.4.5',
    user: { id: 7, name: 'alice', admin: true, disabled: false, manager: null },
    tags: ['blue', 'green'],
    items: [{ sku: 'a1', qty: 2 }],
    code: '200',
  });

  test('string equality and inequality, with * wildcards', () => {
    assert.equal(matches('{ $.eventType = "UpdateTrail" }', event), true);
    assert.equal(matches('{ $.eventType = UpdateTrail }', event), true);
    assert.equal(matches('{ $.level = "WARN" }', event), false);
    assert.equal(matches('{ $.level != "WARN" }', event), true);
    assert.equal(matches('{ $.sourceIPAddress = 123.123.* }', event), true);
    assert.equal(matches('{ $.sourceIPAddress != 123.123.* }', event), false);
    assert.equal(matches('{ $.eventType = "*Trail" }', event), true);
    assert.equal(matches('{ $.eventType = "Up*ail" }', event), true);
    assert.equal(matches('{ $.eventType = "Update" }', event), false);
  });

  test('numeric comparisons', () => {
    assert.equal(matches('{ $.latency > 500 }', event), true);
    assert.equal(matches('{ $.latency < 500 }', event), false);
    assert.equal(matches('{ $.latency >= 750 }', event), true);
    assert.equal(matches('{ $.latency <= 749 }', event), false);
    assert.equal(matches('{ $.latency = 750 }', event), true);
    assert.equal(matches('{ $.latency = 7.5e2 }', event), true);
    assert.equal(matches('{ $.latency != 750 }', event), false);
    assert.equal(matches('{ $.user.id = 7 }', event), true);
    // A string field is not a number: only its text equals a bare number.
    assert.equal(matches('{ $.code > 100 }', event), false);
    assert.equal(matches('{ $.code = 200 }', event), true);
  });

  test('&&, || and parentheses (&& binds tighter)', () => {
    assert.equal(matches('{ $.level = "ERROR" && $.latency > 500 }', event), true);
    assert.equal(matches('{ $.level = "ERROR" && $.latency > 1000 }', event), false);
    assert.equal(matches('{ $.level = "WARN" || $.latency > 500 }', event), true);
    assert.equal(matches('{ $.level = "WARN" || $.latency > 500 && $.user.id = 8 }', event), false);
    assert.equal(matches('{ ($.level = "WARN" || $.latency > 500) && $.user.id = 7 }', event), true);
    assert.equal(matches('{ (($.level = "ERROR")) }', event), true);
  });

  test('IS TRUE, IS FALSE, IS NULL and NOT EXISTS', () => {
    assert.equal(matches('{ $.user.admin IS TRUE }', event), true);
    assert.equal(matches('{ $.user.disabled IS FALSE }', event), true);
    assert.equal(matches('{ $.user.admin IS FALSE }', event), false);
    assert.equal(matches('{ $.user.manager IS NULL }', event), true);
    assert.equal(matches('{ $.user.name IS NULL }', event), false);
    assert.equal(matches('{ $.user.missing IS NULL }', event), false);
    assert.equal(matches('{ $.user.missing NOT EXISTS }', event), true);
    assert.equal(matches('{ $.user.name NOT EXISTS }', event), false);
  });

  test('array elements by index', () => {
    assert.equal(matches('{ $.tags[0] = "blue" }', event), true);
    assert.equal(matches('{ $.tags[1] = "blue" }', event), false);
    assert.equal(matches('{ $.items[0].qty > 1 }', event), true);
    assert.equal(matches('{ $.tags[5] NOT EXISTS }', event), true);
  });

  test('a missing field compares false, != included', () => {
    assert.equal(matches('{ $.nope = "x" }', event), false);
    assert.equal(matches('{ $.nope != "x" }', event), false);
    assert.equal(matches('{ $.nope > 1 }', event), false);
  });

  test('an event that is not JSON matches no JSON pattern', () => {
    assert.equal(matches('{ $.level = "ERROR" }', 'level=ERROR'), false);
    assert.equal(matches('{ $.level = "ERROR" }', '{"level": "ERROR"'), false);
    assert.equal(matches('{ $.level NOT EXISTS }', 'plain text'), false);
  });

  test('malformed JSON patterns are invalid', () => {
    for (const p of ['{ }', '{ $.a = "x"', '{ a = 1 }', '{ $.a }', '{ $.a = }', '{ $.a > "x" }', '{ $.a IS MAYBE }', '{ ($.a = 1 }', '{ $.a = 1 && }', '{ $.a[x] = 1 }', '{ $. = 1 }', '{ $.a = 1 } trailing']) {
      invalid(p);
    }
  });
});

describe('space-delimited patterns', () => {
  const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';

  test('message fields split at spaces; quoted and bracketed runs are one field', () => {
    assert.deepEqual(messageFields(line), ['127.0.0.1', '-', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /apache_pb.gif HTTP/1.0', '200', '1534']);
  });

  test('fields by position, with conditions, wildcards and ...', () => {
    assert.equal(matches('[ip, id, user, timestamp, request, status_code, size]', line), true);
    assert.equal(matches('[ip, id, user, timestamp, request, status_code = 200, size]', line), true);
    assert.equal(matches('[ip, id, user, timestamp, request, status_code = 4*, size]', line), false);
    assert.equal(matches('[ip, id, user, timestamp, request = "*gif*", status_code, size > 1000]', line), true);
    assert.equal(matches('[ip, id, user = frank, ...]', line), true);
    assert.equal(matches('[..., status_code = 200, size]', line), true);
    assert.equal(matches('[ip, ...]', line), true);
    assert.equal(matches('[ip, user]', line), false);
    assert.equal(matches('[ip, id, user, timestamp, request, status_code = 4* || status_code = 200, size]', line), true);
    assert.equal(matches('[ip = 127.0.0.* && ip != 127.0.0.2, ...]', line), true);
  });

  test('malformed space-delimited patterns are invalid', () => {
    invalid('[ip, user');
    invalid('[ip, , user]');
    invalid('[ip, user > x]');
    invalid('[ip = "open, user]');
    invalid('[ip = other = 1]');
  });
});
