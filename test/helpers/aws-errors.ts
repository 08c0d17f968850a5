/** Assertions on AWS-shaped failures as the SDK surfaces them. */
import assert from 'node:assert/strict';

interface AwsFailure {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Runs `call` and asserts it fails with this status, error name and exact message. */
export async function rejects(call: Promise<unknown>, status: number, name: string, message: string): Promise<void> {
  await assert.rejects(call, (err: AwsFailure) => {
    assert.equal(err.$metadata?.httpStatusCode, status);
    assert.equal(err.name, name);
    assert.equal(err.message, message);
    return true;
  });
}

/** Runs `call`, which must fail, and returns what the client saw. */
export async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await call;
  } catch (err) {
    const e = err as AwsFailure;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the call succeeded');
}
