/** Receipt handles round-trip, and a handle altered in any byte or issued under another key is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ReceiptHandles } from '../../../src/services/sqs/receipt-handles.js';
import { md5OfMessageAttributes } from '../../../src/services/sqs/message-attributes.js';

test('receipt handles are opaque, authenticated and bound to their key', () => {
  const handles = new ReceiptHandles(randomBytes(32));
  const issued = { queueId: 'f7f1e6c2-1168-4963-9827-71a780038c52', seq: 42, token: handles.newToken() };
  const text = handles.encode(issued);
  assert.deepEqual(handles.decode(text), issued);
  const raw = Buffer.from(text, 'base64');
  for (let i = 0; i < raw.length; i += 7) {
    const tampered = Buffer.from(raw);
    tampered[i] = (tampered[i] ?? 0) ^ 1;
    assert.equal(handles.decode(tampered.toString('base64')), undefined, `byte ${i} altered`);
  }
  assert.equal(new ReceiptHandles(randomBytes(32)).decode(text), undefined);
  assert.equal(handles.decode(''), undefined);
  assert.equal(handles.decode('not a handle!'), undefined);
});

test('MD5OfMessageAttributes follows AWS encoding (sorted names, transport type bytes)', () => {
  // Recorded from AWS for one String attribute.
  assert.equal(md5OfMessageAttributes({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }), 'adb59cd4678ea5a855436b949cd07ab6');
  const a = md5OfMessageAttributes({ b: { DataType: 'Number', StringValue: '1' }, a: { DataType: 'Binary', BinaryValue: Buffer.from([1]) } });
  const b = md5OfMessageAttributes({ a: { DataType: 'Binary', BinaryValue: Buffer.from([1]) }, b: { DataType: 'Number', StringValue: '1' } });
  assert.equal(a, b, 'order of insertion does not matter');
  assert.notEqual(
    md5OfMessageAttributes({ a: { DataType: 'Binary', BinaryValue: Buffer.from('x') } }),
    md5OfMessageAttributes({ a: { DataType: 'Binary', StringValue: 'x' } }),
    'binary and string values differ by transport type',
  );
  assert.equal(md5OfMessageAttributes({}), undefined);
});
