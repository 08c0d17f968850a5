/**
 * The node channel's signatures: a request verifies once, with the key every node derives from the
 * shared master key; changing any signed part, replaying it, sending it late or signing with another
 * master key fails; an answer verifies only for the nonce it answers and the body it carries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KeyService } from '../../src/shared/crypto/key-service.js';
import { NODE_CHANNEL_WINDOW_MS, NodeChannelKey, bodyMatches, encodeMeta, H } from '../../src/cluster/node-channel.js';

const master = randomBytes(32);
const PATH = '/_lambdabox/node/invoke';
const NOW = 1_800_000_000_000;

function signed(key: NodeChannelKey, body = Buffer.from('{"x":1}'), meta = encodeMeta({ a: 1 })): IncomingHttpHeaders {
  return key.signRequest('node-aaaaaaaaaaaaaaaa', 'POST', PATH, meta, body, NOW);
}

test('a signed request verifies once, on any node holding the same master key', () => {
  const sender = new NodeChannelKey(new KeyService(master));
  const receiver = new NodeChannelKey(new KeyService(Buffer.from(master)));
  const headers = signed(sender);
  const head = receiver.verifyRequest('POST', PATH, headers, NOW + 1_000);
  assert.ok(head !== undefined);
  assert.equal(head.node, 'node-aaaaaaaaaaaaaaaa');
  assert.ok(bodyMatches(head, Buffer.from('{"x":1}')));
  assert.ok(!bodyMatches(head, Buffer.from('{"x":2}')), 'another body does not match the signed hash');
  assert.equal(receiver.verifyRequest('POST', PATH, headers, NOW + 2_000), undefined, 'a replay is refused');
});

test('changing any signed part, sending it outside the window or signing with another key fails', () => {
  const sender = new NodeChannelKey(new KeyService(master));
  const receiver = new NodeChannelKey(new KeyService(master));
  const good = signed(sender);
  const variants: Array<[string, IncomingHttpHeaders, string, string]> = [
    ['meta', { ...good, [H.meta]: encodeMeta({ a: 2 }) }, 'POST', PATH],
    ['node', { ...good, [H.node]: 'node-bbbbbbbbbbbbbbbb' }, 'POST', PATH],
    ['date', { ...good, [H.date]: String(NOW + 1) }, 'POST', PATH],
    ['body hash', { ...good, [H.sha]: '0'.repeat(64) }, 'POST', PATH],
    ['signature', { ...good, [H.signature]: 'f'.repeat(64) }, 'POST', PATH],
    ['missing signature', Object.fromEntries(Object.entries(good).filter(([k]) => k !== H.signature)), 'POST', PATH],
    ['path', good, 'POST', '/_lambdabox/node/other'],
    ['method', good, 'PUT', PATH],
  ];
  for (const [what, headers, method, path] of variants) {
    assert.equal(receiver.verifyRequest(method, path, headers, NOW), undefined, `changed ${what} must not verify`);
  }
  assert.equal(receiver.verifyRequest('POST', PATH, signed(sender), NOW + NODE_CHANNEL_WINDOW_MS + 1), undefined, 'too late');
  assert.equal(receiver.verifyRequest('POST', PATH, signed(sender), NOW - NODE_CHANNEL_WINDOW_MS - 1), undefined, 'too early');
  const stranger = new NodeChannelKey(new KeyService(randomBytes(32)));
  assert.equal(receiver.verifyRequest('POST', PATH, signed(stranger), NOW), undefined, 'another master key');
  // The unchanged request still verifies: the failures above did not spend its nonce.
  assert.ok(receiver.verifyRequest('POST', PATH, good, NOW) !== undefined);
});

test('an answer verifies only for the nonce it answers and the body it carries', () => {
  const a = new NodeChannelKey(new KeyService(master));
  const b = new NodeChannelKey(new KeyService(master));
  const nonce = 'ab'.repeat(16);
  const body = Buffer.from('result');
  const headers = new Headers(b.signResponse('node-bbbbbbbbbbbbbbbb', nonce, encodeMeta({ kind: 'result' }), body, NOW));
  assert.ok(a.verifyResponse(nonce, headers, body) !== undefined);
  assert.equal(a.verifyResponse('cd'.repeat(16), headers, body), undefined, 'another request');
  assert.equal(a.verifyResponse(nonce, headers, Buffer.from('forged')), undefined, 'another body');
  const forged = new Headers(headers);
  forged.set(H.meta, encodeMeta({ kind: 'error' }));
  assert.equal(a.verifyResponse(nonce, forged, body), undefined, 'another outcome');
  // A request signature is not an answer signature.
  const asRequest = new Headers(b.signRequest('node-bbbbbbbbbbbbbbbb', '', '', encodeMeta({ kind: 'result' }), body, NOW) as Record<string, string>);
  assert.equal(a.verifyResponse(asRequest.get(H.nonce) ?? '', asRequest, body), undefined);
});
