import assert from 'node:assert/strict';
import { isAwsError } from '../../src/shared/errors/aws-error.js';

/** `fn` throws the AWS error `code` with `status` and exactly `message` (or a message matching it). */
export function expectAwsError(fn: () => unknown, code: string, status: number, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isAwsError(err), `expected an AwsError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}
