/** The egress decision on its own: policy syntax, address classes, the threat list and their order. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress } from '../../../src/sandbox/network/address-class.js';
import { checkEgress } from '../../../src/sandbox/network/egress-check.js';
import type { EgressCheckInput } from '../../../src/sandbox/network/egress-check.js';
import { EgressPolicyError, loopbackForwards, matchEgressRule, parseEgressPolicy } from '../../../src/shared/platform-tags/egress-policy.js';
import { parseThreatFile, ThreatList } from '../../../src/sandbox/network/threat-list.js';
import { PrivateAllowance, PrivateAllowanceError } from '../../../src/sandbox/network/private-allowance.js';
import { networkVariables } from '../../../src/sandbox/network/network-layout.js';

/** `operator`: the server's --egress-allow-private entries (none by default, as on a fresh server). */
function input(policy: string, host: string, port: number, dns: Record<string, string[]> = {}, operator: string[] = []): EgressCheckInput {
  return {
    host,
    port,
    rules: parseEgressPolicy(policy),
    threats: ThreatList.builtin(),
    hostAddresses: new Set(['10.1.2.3', '203.0.113.7']),
    allowance: PrivateAllowance.parse(operator),
    platformPorts: new Set([9700]),
    lookup: async (name) => {
      const found = dns[name];
      if (found === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return found;
    },
  };
}

describe('egress policy syntax', () => {
  test('space- and comma-separated host:port patterns, wildcards, IPv6, any port', () => {
    const rules = parseEgressPolicy('api.example.com:443, *.example.org:443 [::1]:8080 10.0.0.5:*');
    assert.equal(rules.length, 4);
    assert.equal(matchEgressRule(rules, 'API.example.com.', 443)?.text, 'api.example.com:443');
    assert.equal(matchEgressRule(rules, 'api.example.com', 80), undefined);
    assert.equal(matchEgressRule(rules, 'a.b.example.org', 443)?.text, '*.example.org:443');
    assert.equal(matchEgressRule(rules, 'example.org', 443), undefined, '*. needs at least one label');
    assert.equal(matchEgressRule(rules, '0:0:0:0:0:0:0:1', 8080)?.text, '[::1]:8080');
    assert.equal(matchEgressRule(rules, '10.0.0.5', 5432)?.text, '10.0.0.5:*');
  });

  test('a name pattern never matches an IP literal', () => {
    assert.equal(matchEgressRule(parseEgressPolicy('*.0.0.1:80'), '127.0.0.1', 80), undefined);
  });

  test('malformed entries are rejected with the entry named', () => {
    for (const bad of ['example.com', 'example.com:0', 'example.com:70000', '*:443x', 'exa mple', '*.*:443', 'a..b:1', 'example.*:443']) {
      assert.throws(() => parseEgressPolicy(bad), EgressPolicyError, bad);
    }
    assert.deepEqual(parseEgressPolicy(''), []);
    assert.deepEqual(parseEgressPolicy(undefined), []);
  });

  test('only exact loopback literals get an in-sandbox forwarder', () => {
    const rules = parseEgressPolicy('127.0.0.1:5432 127.0.0.1:* localhost:80 [::1]:6379 10.0.0.1:80 127.0.0.1:5432');
    assert.deepEqual(loopbackForwards(rules), [
      { host: '127.0.0.1', port: 5432 },
      { host: '::1', port: 6379 },
    ]);
  });
});

describe('address classes', () => {
  test('metadata, link-local and reserved are blocked; loopback and own addresses are host', () => {
    const cases: Array<[string, string]> = [
      ['169.254.169.254', 'blocked'],
      ['fd00:ec2::254', 'blocked'],
      ['::ffff:169.254.169.254', 'blocked'],
      ['::ffff:a9fe:a9fe', 'blocked'],
      ['fe80::1', 'blocked'],
      ['0.0.0.0', 'blocked'],
      ['255.255.255.255', 'blocked'],
      ['224.0.0.1', 'blocked'],
      ['100.100.100.200', 'blocked'],
      ['127.0.0.1', 'host'],
      ['127.8.9.10', 'host'],
      ['::1', 'host'],
      ['::ffff:127.0.0.1', 'host'],
      ['10.1.2.3', 'host'],
      ['10.9.9.9', 'internal'],
      ['192.168.1.1', 'internal'],
      ['fd12::1', 'internal'],
      ['93.184.216.34', 'public'],
      ['2606:4700::1', 'public'],
    ];
    for (const [address, cls] of cases) assert.equal(classifyAddress(address, new Set(['10.1.2.3'])), cls, address);
  });
});

describe('egress decisions', () => {
  test('no policy: nothing, not even loopback', async () => {
    const v = await checkEgress(input('', '127.0.0.1', 8080));
    assert.deepEqual(v, { allowed: false, reason: 'no egress policy' });
  });

  test("a tenant's exact literal alone never opens the host or a private address (issue 10.4)", async () => {
    const cases: Array<[string, string, number]> = [
      ['127.0.0.1:8080', '127.0.0.1', 8080],
      ['[::1]:6379', '::1', 6379],
      ['10.1.2.3:22', '10.1.2.3', 22],
      ['203.0.113.7:443', '203.0.113.7', 443],
      ['10.9.9.9:5432', '10.9.9.9', 5432],
      ['192.168.1.1:80', '192.168.1.1', 80],
      ['172.16.0.1:80', '172.16.0.1', 80],
      ['100.64.0.1:80', '100.64.0.1', 80],
      ['[fd12::1]:80', 'fd12::1', 80],
    ];
    for (const [policy, host, port] of cases) {
      const v = await checkEgress(input(policy, host, port));
      assert.equal(v.allowed, false, policy);
      assert.match(String(Object(v).reason), /not allowed by the operator \(.*--egress-allow-private\)/, policy);
    }
    const byName = await checkEgress(input('db.corp:5432', 'db.corp', 5432, { 'db.corp': ['10.9.9.9'] }));
    assert.match(String(Object(byName).reason), /private address not allowed by the operator/);
  });

  test("with the operator's allowance, an exact loopback literal opens that address and port only", async () => {
    const op = ['127.0.0.1:8080', '[::1]:6379', '10.1.2.3:22'];
    const check = (policy: string, host: string, port: number) => checkEgress(input(policy, host, port, {}, op));
    assert.deepEqual(await check('127.0.0.1:8080', '127.0.0.1', 8080), {
      allowed: true,
      address: '127.0.0.1',
      rule: '127.0.0.1:8080',
      allowance: '127.0.0.1:8080',
    });
    assert.equal((await check('[::1]:6379', '::1', 6379)).allowed, true);
    assert.equal((await check('127.0.0.1:8081', '127.0.0.1', 8081)).allowed, false, 'the operator allows 8080 only');
    assert.equal((await check('127.0.0.1:*', '127.0.0.1', 8080)).allowed, false, 'any-port rule is not exact');
    assert.equal((await check('*:*', '127.0.0.1', 8080)).allowed, false, 'a wildcard never opens the host');
    assert.equal((await check('10.1.2.3:22', '10.1.2.3', 22)).allowed, true, 'own interface address, allowed and named exactly');
    assert.equal((await check('', '127.0.0.1', 8080)).allowed, false, 'the tenant can narrow: no policy, nothing');
  });

  test("the operator's ranges and any-port entries; metadata and lambdabox's port stay closed", async () => {
    const op = ['10.0.0.0/8:5432', '127.0.0.0/8:*'];
    const check = (policy: string, host: string, port: number, dns: Record<string, string[]> = {}) => checkEgress(input(policy, host, port, dns, op));
    assert.equal((await check('db.corp:5432', 'db.corp', 5432, { 'db.corp': ['10.9.9.9'] })).allowed, true);
    assert.equal((await check('*.corp:5432', 'db.corp', 5432, { 'db.corp': ['10.9.9.9'] })).allowed, false, 'still no wildcard to internal');
    assert.equal((await check('10.9.9.9:5433', '10.9.9.9', 5433)).allowed, false, 'outside the allowed port');
    assert.equal((await check('192.168.1.1:5432', '192.168.1.1', 5432)).allowed, false, 'outside the allowed range');
    assert.equal((await check('127.0.0.2:7000', '127.0.0.2', 7000)).allowed, true);
    assert.equal((await check('[::ffff:127.0.0.2]:7000', '::ffff:127.0.0.2', 7000)).allowed, true, 'an IPv4-mapped spelling lands on the same allowed address');
    const door = await check('127.0.0.1:9700', '127.0.0.1', 9700);
    assert.match(String(Object(door).reason), /own service/);
    assert.equal((await check('evil.example:80', 'evil.example', 80, { 'evil.example': ['127.0.0.1'] })).allowed, false, 'rebinding');
  });

  test('operator entries: addresses and ranges only; never metadata or link-local', () => {
    const a = PrivateAllowance.parse(['127.0.0.1:5432, [::1]:6379', '10.0.0.0/8:*  [fd00::/8]:443']);
    assert.deepEqual(a.entries, ['127.0.0.1:5432', '[::1]:6379', '10.0.0.0/8:*', '[fd00::/8]:443']);
    assert.equal(a.match('127.0.0.1', 5432), '127.0.0.1:5432');
    assert.equal(a.match('::ffff:127.0.0.1', 5432), '127.0.0.1:5432', 'IPv4-mapped is the IPv4 address');
    assert.equal(a.match('0:0:0:0:0:0:0:1', 6379), '[::1]:6379');
    assert.equal(a.match('10.200.1.1', 1), '10.0.0.0/8:*');
    assert.equal(a.match('fdab::1', 443), '[fd00::/8]:443');
    assert.equal(a.match('127.0.0.1', 5433), undefined);
    assert.equal(a.match('11.0.0.1', 80), undefined);
    assert.deepEqual(PrivateAllowance.none().entries, []);
    for (const bad of ['localhost:5432', '127.0.0.1', '127.0.0.1:0', '::1:6379', '10.0.0.0/33:80', '169.254.169.254:80', '[fe80::1]:80', '169.254.0.0/16:*', '0.0.0.0/0:80', 'db.corp:5432']) {
      assert.throws(() => PrivateAllowance.parse([bad]), PrivateAllowanceError, bad);
    }
  });

  test('a name resolving to loopback or metadata is refused (rebinding)', async () => {
    const dns = { 'evil.example': ['127.0.0.1'], 'meta.example': ['169.254.169.254'] };
    assert.match(String(Object(await checkEgress(input('evil.example:80', 'evil.example', 80, dns))).reason), /host address/);
    assert.match(String(Object(await checkEgress(input('meta.example:80', 'meta.example', 80, dns))).reason), /metadata/);
  });

  test("lambdabox's own port is closed even when named exactly and allowed by the operator", async () => {
    const v = await checkEgress(input('127.0.0.1:9700', '127.0.0.1', 9700, {}, ['127.0.0.1:9700']));
    assert.equal(v.allowed, false);
    assert.match(String(Object(v).reason), /own service/);
  });

  test('metadata is closed even when named exactly', async () => {
    assert.equal((await checkEgress(input('169.254.169.254:80', '169.254.169.254', 80))).allowed, false);
  });

  test('internal addresses need an exact rule; public ones follow the policy; the first good address is used', async () => {
    const dns = { 'db.corp': ['10.9.9.9'], 'x.example.com': ['169.254.1.1', '93.184.216.34'] };
    assert.equal((await checkEgress(input('db.corp:5432', 'db.corp', 5432, dns, ['10.9.9.9:5432']))).allowed, true);
    assert.equal((await checkEgress(input('*.corp:5432', 'db.corp', 5432, dns, ['10.9.9.9:5432']))).allowed, false);
    assert.deepEqual(await checkEgress(input('*.example.com:443', 'x.example.com', 443, dns)), {
      allowed: true,
      address: '93.184.216.34',
      rule: '*.example.com:443',
    });
    const unresolved = await checkEgress(input('*.example.com:443', 'nx.example.com', 443, dns));
    assert.match(String(Object(unresolved).reason), /ENOTFOUND/);
  });

  test('the threat list wins over the policy and is checked before any lookup', async () => {
    let looked = false;
    const i = { ...input('*:*', 'xmr.pool.minexmr.com', 4444), lookup: async () => ((looked = true), ['93.184.216.34']) };
    const v = await checkEgress(i);
    assert.equal(v.allowed, false);
    assert.equal(Object(v).threat?.findingType, 'CryptoCurrency:Lambda/BitcoinTool.B!DNS');
    assert.equal(looked, false);
    assert.ok(ThreatList.builtin().match('nanopool.org'), 'the apex of a *. entry is listed too');
  });

  test("the operator's file adds names and addresses, with an optional finding type", async () => {
    const extra = parseThreatFile('# ours\nc2.bad.example Backdoor:Lambda/C&CActivity.B!DNS\n203.0.113.9\n');
    const threats = new ThreatList([...ThreatList.builtin().entries, ...extra]);
    const byName = await checkEgress({ ...input('*:*', 'c2.bad.example', 443), threats });
    assert.equal(Object(byName).threat?.findingType, 'Backdoor:Lambda/C&CActivity.B!DNS');
    const byAddress = await checkEgress({ ...input('*:*', 'ok.example', 443, { 'ok.example': ['203.0.113.9'] }), threats });
    assert.equal(Object(byAddress).threat?.findingType, 'UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom');
    assert.throws(() => parseThreatFile('a..b'), /threat list:1/);
    assert.throws(() => parseThreatFile('ok.example\n*'), /threat list:2: .* every destination/);
  });
});

test('sandbox variables: endpoint, proxies for every client spelling, loopback direct, relay list', () => {
  const env = networkVariables([{ host: '127.0.0.1', port: 9002, hostSocket: '/x/a.sock', name: 'a.sock' }, { host: '::1', port: 6379, hostSocket: '/x/b.sock', name: 'b.sock' }]);
  assert.equal(env['AWS_ENDPOINT_URL'], 'http://127.0.0.1:9002');
  assert.equal(env['HTTPS_PROXY'], env['https_proxy']);
  assert.equal(env['NO_PROXY'], 'localhost,127.0.0.1,::1');
  assert.equal(env['_LAMBDABOX_TCP_RELAYS'], '127.0.0.1:9002=/var/lambdabox-net/a.sock [::1]:6379=/var/lambdabox-net/b.sock');
  assert.equal(Object.keys(env).some((k) => k.startsWith('AWS_ENDPOINT_URL_')), false);
});
