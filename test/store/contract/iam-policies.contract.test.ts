/**
 * IamPoliciesTx on every engine: customer managed policies (by ARN, by name case-insensitively, by path
 * prefix), their versions newest first, attachments in attachment order and their counts, inline policies
 * by name, and what deleting a policy or a principal takes with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from './engines.js';
import { Abort, ACCOUNT, group, inline, openStore, OTHER_ACCOUNT, policy, policyArn, role, user, version } from './iam-fixtures.js';

const AWS_READONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const AWS_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const versionIds = (records: ReadonlyArray<{ versionId: string }>): string[] => records.map((r) => r.versionId);
const names = (records: ReadonlyArray<{ name: string }>): string[] => records.map((r) => r.name);

forEachEngine((engine) => {
  test('managed policy: by ARN, by name in any case, absent and other-account lookups', async (t) => {
    const store = await openStore(engine, t);
    const record = policy('ReadThings', '/team/', ACCOUNT, { description: 'reads things', tags: { Owner: 'ünïcode' } });
    await store.transact((tx) => tx.putManagedPolicy(record));
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.getManagedPolicy(record.arn), record);
      assert.deepEqual(await tx.getManagedPolicyByName(ACCOUNT, 'ReadThings'), record);
      assert.deepEqual(await tx.getManagedPolicyByName(ACCOUNT, 'READTHINGS'), record);
      assert.equal(await tx.getManagedPolicy(record.arn.toLowerCase()), undefined, 'ARNs match exactly');
      assert.equal(await tx.getManagedPolicy(policyArn('Nope')), undefined);
      assert.equal(await tx.getManagedPolicyByName(ACCOUNT, 'ReadThing'), undefined);
      assert.equal(await tx.getManagedPolicyByName(OTHER_ACCOUNT, 'ReadThings'), undefined);
      assert.equal(await tx.getManagedPolicy(`${record.arn}\u0000`), undefined);
      assert.equal(await tx.getManagedPolicyByName(ACCOUNT, 'Read\u0000Things'), undefined);
      assert.deepEqual(await tx.listManagedPolicies(ACCOUNT, '/\u0000'), []);
    });
  });

  test('putManagedPolicy on an existing ARN updates the record in place: versions, name and path columns stay', async (t) => {
    const store = await openStore(engine, t);
    const first = policy('Doc', '/a/');
    await store.transact(async (tx) => {
      await tx.putManagedPolicy(first);
      await tx.putPolicyVersion(version(first.arn, 'v1'));
      await tx.putPolicyVersion(version(first.arn, 'v2'));
    });
    // The IAM service never renames or moves a policy; if a caller did, lookups keep using the first name and path.
    const updated = { ...first, name: 'Renamed', path: '/b/', defaultVersionId: 'v2', lastVersionNumber: 2, updatedAt: '2024-06-01T00:00:00.000Z' };
    await store.transact((tx) => tx.putManagedPolicy(updated));
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.getManagedPolicy(first.arn), updated);
      assert.deepEqual(versionIds(await tx.listPolicyVersions(first.arn)), ['v2', 'v1']);
      assert.deepEqual(await tx.getManagedPolicyByName(ACCOUNT, 'doc'), updated);
      assert.equal(await tx.getManagedPolicyByName(ACCOUNT, 'Renamed'), undefined);
      assert.deepEqual(await tx.listManagedPolicies(ACCOUNT, '/a/'), [updated]);
      assert.deepEqual(await tx.listManagedPolicies(ACCOUNT, '/b/'), []);
    });
  });

  test('putManagedPolicy of a new ARN replaces the policy of the same name (any case), whose versions go with it', async (t) => {
    const store = await openStore(engine, t);
    const old = policy('Shared', '/old/');
    const other = policy('Untouched');
    await store.transact(async (tx) => {
      await tx.putManagedPolicy(old);
      await tx.putPolicyVersion(version(old.arn, 'v1'));
      await tx.putManagedPolicy(other);
      await tx.putPolicyVersion(version(other.arn, 'v1'));
      await tx.putManagedPolicy(policy('Shared', '/', OTHER_ACCOUNT));
    });
    const replacement = policy('SHARED', '/new/');
    await store.transact((tx) => tx.putManagedPolicy(replacement));
    await store.transact(async (tx) => {
      assert.equal(await tx.getManagedPolicy(old.arn), undefined);
      assert.deepEqual(await tx.listPolicyVersions(old.arn), []);
      assert.deepEqual(await tx.getManagedPolicyByName(ACCOUNT, 'shared'), replacement);
      assert.deepEqual(names(await tx.listManagedPolicies(ACCOUNT, '/')), ['SHARED', 'Untouched']);
      assert.deepEqual(versionIds(await tx.listPolicyVersions(other.arn)), ['v1']);
      assert.equal((await tx.getManagedPolicyByName(OTHER_ACCOUNT, 'shared'))?.accountId, OTHER_ACCOUNT);
    });
  });

  test('listManagedPolicies: path prefix with literal wildcards and ASCII case folding, by lower-cased name', async (t) => {
    const store = await openStore(engine, t);
    const entries: Array<[string, string]> = [
      ['beta', '/'],
      ['Alpha', '/svc/'],
      ['gamma', '/SVC/deep/'],
      ['_first', '/s%c/'],
      ['Delta', '/s_c/'],
      ['epsilon', '/sac/'],
      ['Zeta', '/svcs/'],
    ];
    await store.transact(async (tx) => {
      for (const [name, path] of entries) await tx.putManagedPolicy(policy(name, path));
      await tx.putManagedPolicy(policy('foreign', '/svc/', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      const list = async (prefix: string) => names(await tx.listManagedPolicies(ACCOUNT, prefix));
      assert.deepEqual(await list('/'), ['_first', 'Alpha', 'beta', 'Delta', 'epsilon', 'gamma', 'Zeta']);
      assert.deepEqual(await list('/svc/'), ['Alpha', 'gamma']);
      assert.deepEqual(await list('/Svc/'), ['Alpha', 'gamma']);
      assert.deepEqual(await list('/svc'), ['Alpha', 'gamma', 'Zeta']);
      assert.deepEqual(await list('/s%'), ['_first']);
      assert.deepEqual(await list('/s_c/'), ['Delta']);
      assert.deepEqual(await list('/none/'), []);
      assert.deepEqual(names(await tx.listManagedPolicies(OTHER_ACCOUNT, '/')), ['foreign']);
    });
  });

  test('deleteManagedPolicy removes the policy and its versions; attachments to it stay', async (t) => {
    const store = await openStore(engine, t);
    const doomed = policy('Doomed');
    const kept = policy('Kept');
    await store.transact(async (tx) => {
      await tx.putManagedPolicy(doomed);
      await tx.putManagedPolicy(kept);
      for (const id of ['v1', 'v2']) {
        await tx.putPolicyVersion(version(doomed.arn, id));
        await tx.putPolicyVersion(version(kept.arn, id));
      }
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', doomed.arn);
    });
    await store.transact(async (tx) => {
      await tx.deleteManagedPolicy(doomed.arn);
      await tx.deleteManagedPolicy(policyArn('NeverExisted'));
      await tx.deleteManagedPolicy(`${kept.arn}\u0000`);
    });
    await store.transact(async (tx) => {
      assert.equal(await tx.getManagedPolicy(doomed.arn), undefined);
      assert.equal(await tx.getManagedPolicyByName(ACCOUNT, 'doomed'), undefined);
      assert.deepEqual(await tx.listPolicyVersions(doomed.arn), []);
      assert.deepEqual(versionIds(await tx.listPolicyVersions(kept.arn)), ['v2', 'v1']);
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, doomed.arn), 1);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [doomed.arn]);
      // A policy created again under that ARN starts with no versions.
      await tx.putManagedPolicy(doomed);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listPolicyVersions(doomed.arn), []);
    });
  });

  test('policy versions: newest first by number, replaced by id, deleted one by one, malformed ids find nothing', async (t) => {
    const store = await openStore(engine, t);
    const p = policy('Versioned');
    const q = policy('Other');
    await store.transact(async (tx) => {
      await tx.putManagedPolicy(p);
      await tx.putManagedPolicy(q);
      for (const id of ['v2', 'v10', 'v1', 'v3']) await tx.putPolicyVersion(version(p.arn, id));
      await tx.putPolicyVersion(version(q.arn, 'v7'));
    });
    await store.transact(async (tx) => {
      const all = await tx.listPolicyVersions(p.arn);
      assert.deepEqual(versionIds(all), ['v10', 'v3', 'v2', 'v1'], 'numeric order, not text order');
      assert.deepEqual(all[0], version(p.arn, 'v10'));
      assert.deepEqual(await tx.getPolicyVersion(p.arn, 'v2'), version(p.arn, 'v2'));
      assert.equal(await tx.getPolicyVersion(p.arn, 'v4'), undefined);
      assert.equal(await tx.getPolicyVersion(q.arn, 'v2'), undefined);
      assert.equal(await tx.getPolicyVersion(policyArn('Absent'), 'v1'), undefined);
      for (const bad of ['v0', 'v01', '1', 'V1', 'v1.2', '', 'v100000000000000000000', 'v9223372036854775808']) {
        assert.equal(await tx.getPolicyVersion(p.arn, bad), undefined, bad);
        await tx.deletePolicyVersion(p.arn, bad);
      }
      assert.equal(await tx.getPolicyVersion(`${p.arn}\u0000`, 'v1'), undefined);
      assert.deepEqual(await tx.listPolicyVersions(`${p.arn}\u0000`), []);
    });
    await store.transact(async (tx) => {
      await tx.putPolicyVersion({ ...version(p.arn, 'v3', '{"changed":true}'), createdAt: '2025-01-01T00:00:00.000Z' });
      await tx.deletePolicyVersion(p.arn, 'v2');
      await tx.deletePolicyVersion(p.arn, 'v2');
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.getPolicyVersion(p.arn, 'v3'), { policyArn: p.arn, versionId: 'v3', document: '{"changed":true}', createdAt: '2025-01-01T00:00:00.000Z' });
      assert.deepEqual(versionIds(await tx.listPolicyVersions(p.arn)), ['v10', 'v3', 'v1']);
      assert.deepEqual(versionIds(await tx.listPolicyVersions(q.arn)), ['v7']);
    });
  });

  test('a version of a policy that does not exist is refused, and the transaction leaves nothing', async (t) => {
    const store = await openStore(engine, t);
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putUser(user('bystander'));
        await tx.putPolicyVersion(version(policyArn('Missing'), 'v1'));
      }),
    );
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listPolicyVersions(policyArn('Missing')), []);
      assert.equal(await tx.getUser(ACCOUNT, 'bystander'), undefined);
    });
  });

  test('attachments: per principal in attachment order; re-attaching keeps the place, detach and attach moves it last', async (t) => {
    const store = await openStore(engine, t);
    const [z, a, m] = [policyArn('zzz'), policyArn('aaa'), policyArn('mmm')];
    await store.transact(async (tx) => {
      await tx.attachPolicy(ACCOUNT, 'user', 'Alice', z);
      await tx.attachPolicy(ACCOUNT, 'role', 'alice', m); // same name, other kind of principal
      await tx.attachPolicy(OTHER_ACCOUNT, 'user', 'alice', a);
      await tx.attachPolicy(ACCOUNT, 'user', 'ALICE', a);
      await tx.attachPolicy(ACCOUNT, 'group', 'Alice', z);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', m);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'Alice'), [z, a, AWS_READONLY, m]);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'role', 'ALICE'), [m]);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'group', 'alice'), [z]);
      assert.deepEqual(await tx.listAttachedPolicies(OTHER_ACCOUNT, 'user', 'Alice'), [a]);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'bob'), []);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'ali\u0000ce'), []);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', z); // already attached: stays first
      await tx.detachPolicy(ACCOUNT, 'user', 'ALICE', a);
      await tx.detachPolicy(ACCOUNT, 'user', 'alice', policyArn('neverAttached'));
      await tx.detachPolicy(ACCOUNT, 'user', 'ali\u0000ce', z);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [z, AWS_READONLY, m]);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', a);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [z, AWS_READONLY, m, a]);
      assert.deepEqual(await tx.listAttachedPolicies(OTHER_ACCOUNT, 'user', 'alice'), [a], 'other account untouched');
    });
  });

  test('countPolicyAttachments counts users, roles and groups of the account, AWS managed policies included', async (t) => {
    const store = await openStore(engine, t);
    const mine = policyArn('Mine');
    await store.transact(async (tx) => {
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'user', 'ALICE', AWS_READONLY); // the same attachment
      await tx.attachPolicy(ACCOUNT, 'role', 'alice', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'group', 'devs', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'user', 'bob', AWS_READONLY);
      await tx.attachPolicy(OTHER_ACCOUNT, 'user', 'alice', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'role', 'lambda', mine);
    });
    await store.transact(async (tx) => {
      const count = await tx.countPolicyAttachments(ACCOUNT, AWS_READONLY);
      assert.equal(typeof count, 'number');
      assert.equal(count, 4);
      assert.equal(await tx.countPolicyAttachments(OTHER_ACCOUNT, AWS_READONLY), 1);
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, mine), 1);
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, AWS_BASIC), 0);
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, `${mine}\u0000`), 0);
      await tx.detachPolicy(ACCOUNT, 'user', 'Bob', AWS_READONLY);
    });
    await store.transact(async (tx) => {
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, AWS_READONLY), 3);
    });
  });

  test('listAttachedPolicyArns: each attached ARN of the account once, in byte order', async (t) => {
    const store = await openStore(engine, t);
    const [upper, lower] = [policyArn('Zeta'), policyArn('alpha')];
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicyArns(ACCOUNT), []);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', lower);
      await tx.attachPolicy(ACCOUNT, 'role', 'r', upper);
      await tx.attachPolicy(ACCOUNT, 'group', 'g', lower);
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', AWS_BASIC);
      await tx.attachPolicy(ACCOUNT, 'user', 'bob', AWS_READONLY);
      await tx.attachPolicy(OTHER_ACCOUNT, 'user', 'alice', policyArn('foreign', '/', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      // Byte order: the account's ARNs ('1', 0x31) before AWS's ('a', 0x61), and 'Z' before 'a'.
      assert.deepEqual(await tx.listAttachedPolicyArns(ACCOUNT), [upper, lower, AWS_READONLY, AWS_BASIC]);
      assert.deepEqual(await tx.listAttachedPolicyArns(OTHER_ACCOUNT), [policyArn('foreign', '/', OTHER_ACCOUNT)]);
      assert.deepEqual(await tx.listAttachedPolicyArns('333333333333'), []);
      await tx.detachPolicy(ACCOUNT, 'user', 'alice', lower);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicyArns(ACCOUNT), [upper, lower, AWS_READONLY, AWS_BASIC], 'still attached to the group');
      await tx.detachPolicy(ACCOUNT, 'group', 'G', lower);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicyArns(ACCOUNT), [upper, AWS_READONLY, AWS_BASIC]);
    });
  });

  test('inline policies: principal name in any case, policy name exactly, replaced, listed in byte order', async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      await tx.putInlinePolicy(inline('user', 'Alice', 'Policy'));
      await tx.putInlinePolicy(inline('user', 'alice', 'policy'));
      await tx.putInlinePolicy(inline('user', 'ALICE', 'Zed'));
      await tx.putInlinePolicy(inline('user', 'Alice', '_x'));
      await tx.putInlinePolicy(inline('role', 'Alice', 'RolePolicy'));
      await tx.putInlinePolicy(inline('group', 'alice', 'GroupPolicy'));
      await tx.putInlinePolicy(inline('user', 'Alice', 'Policy', '{}', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.getInlinePolicy(ACCOUNT, 'user', 'aLiCe', 'Policy'), inline('user', 'Alice', 'Policy'));
      assert.deepEqual(await tx.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'policy'), inline('user', 'alice', 'policy'));
      assert.equal(await tx.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'POLICY'), undefined);
      assert.equal(await tx.getInlinePolicy(ACCOUNT, 'role', 'Alice', 'Policy'), undefined);
      assert.equal(await tx.getInlinePolicy(ACCOUNT, 'user', 'bob', 'Policy'), undefined);
      assert.equal(await tx.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'Pol\u0000icy'), undefined);
      // Upper case sorts before '_' (0x5F), '_' before lower case.
      assert.deepEqual(
        (await tx.listInlinePolicies(ACCOUNT, 'user', 'alice')).map((p) => p.policyName),
        ['Policy', 'Zed', '_x', 'policy'],
      );
      assert.deepEqual(await tx.listInlinePolicies(ACCOUNT, 'role', 'ALICE'), [inline('role', 'Alice', 'RolePolicy')]);
      assert.deepEqual(await tx.listInlinePolicies(ACCOUNT, 'group', 'Alice'), [inline('group', 'alice', 'GroupPolicy')]);
      assert.deepEqual(await tx.listInlinePolicies(ACCOUNT, 'group', 'nobody'), []);
      assert.deepEqual(await tx.listInlinePolicies(ACCOUNT, 'user', 'ali\u0000ce'), []);
      assert.deepEqual(await tx.listInlinePolicies(OTHER_ACCOUNT, 'user', 'alice'), [inline('user', 'Alice', 'Policy', '{}', OTHER_ACCOUNT)]);
    });
    // Putting again replaces document and stored principal name (as the last caller spelled it).
    await store.transact((tx) => tx.putInlinePolicy(inline('user', 'ALICE', 'Policy', '{"v":2}')));
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.getInlinePolicy(ACCOUNT, 'user', 'alice', 'Policy'), inline('user', 'ALICE', 'Policy', '{"v":2}'));
      assert.equal((await tx.listInlinePolicies(ACCOUNT, 'user', 'alice')).length, 4);
      await tx.deleteInlinePolicy(ACCOUNT, 'user', 'Alice', 'Policy');
      await tx.deleteInlinePolicy(ACCOUNT, 'user', 'Alice', 'ZED');
      await tx.deleteInlinePolicy(ACCOUNT, 'user', 'Alice', 'Absent');
      await tx.deleteInlinePolicy(ACCOUNT, 'user', 'Ali\u0000ce', 'Zed');
    });
    await store.transact(async (tx) => {
      assert.equal(await tx.getInlinePolicy(ACCOUNT, 'user', 'alice', 'Policy'), undefined);
      assert.deepEqual((await tx.listInlinePolicies(ACCOUNT, 'user', 'alice')).map((p) => p.policyName), ['Zed', '_x', 'policy']);
      assert.deepEqual(await tx.getInlinePolicy(OTHER_ACCOUNT, 'user', 'alice', 'Policy'), inline('user', 'Alice', 'Policy', '{}', OTHER_ACCOUNT));
    });
  });

  test('deleting a user, role or group leaves its attachments and inline policies (the IAM service refuses first)', async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      await tx.putUser(user('Alice'));
      await tx.putRole(role('Runner'));
      await tx.putGroup(group('devs'));
      await tx.attachPolicy(ACCOUNT, 'user', 'Alice', AWS_READONLY);
      await tx.attachPolicy(ACCOUNT, 'role', 'Runner', AWS_BASIC);
      await tx.attachPolicy(ACCOUNT, 'group', 'devs', AWS_READONLY);
      await tx.putInlinePolicy(inline('user', 'Alice', 'P'));
      await tx.putInlinePolicy(inline('role', 'Runner', 'P'));
      await tx.putInlinePolicy(inline('group', 'devs', 'P'));
    });
    await store.transact(async (tx) => {
      await tx.deleteUser(ACCOUNT, 'alice');
      await tx.deleteRole(ACCOUNT, 'RUNNER');
      await tx.deleteGroup(ACCOUNT, 'Devs');
    });
    await store.transact(async (tx) => {
      assert.equal(await tx.getUser(ACCOUNT, 'alice'), undefined);
      assert.equal(await tx.getRole(ACCOUNT, 'runner'), undefined);
      assert.equal(await tx.getGroup(ACCOUNT, 'devs'), undefined);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [AWS_READONLY]);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'role', 'runner'), [AWS_BASIC]);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'group', 'devs'), [AWS_READONLY]);
      assert.equal(await tx.countPolicyAttachments(ACCOUNT, AWS_READONLY), 2);
      assert.equal((await tx.listInlinePolicies(ACCOUNT, 'user', 'alice')).length, 1);
      assert.equal((await tx.listInlinePolicies(ACCOUNT, 'role', 'runner')).length, 1);
      assert.equal((await tx.listInlinePolicies(ACCOUNT, 'group', 'devs')).length, 1);
    });
  });

  test('a closure that throws leaves no policy, version, attachment or inline policy; committed ones survive a restart', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    const kept = policy('Kept');
    await opened.store.transact(async (tx) => {
      await tx.putManagedPolicy(kept);
      await tx.putPolicyVersion(version(kept.arn, 'v1'));
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', kept.arn);
      await tx.putInlinePolicy(inline('user', 'alice', 'Kept'));
    });
    const ghost = policy('Ghost');
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putManagedPolicy(ghost);
        await tx.putPolicyVersion(version(ghost.arn, 'v1'));
        await tx.putPolicyVersion(version(kept.arn, 'v2'));
        await tx.putManagedPolicy({ ...kept, defaultVersionId: 'v2' });
        await tx.attachPolicy(ACCOUNT, 'user', 'alice', ghost.arn);
        await tx.detachPolicy(ACCOUNT, 'user', 'alice', kept.arn);
        await tx.putInlinePolicy(inline('user', 'alice', 'Ghost'));
        await tx.deleteInlinePolicy(ACCOUNT, 'user', 'alice', 'Kept');
        throw new Abort('abort');
      }),
      Abort,
    );
    const store = await opened.reopen();
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listManagedPolicies(ACCOUNT, '/'), [kept]);
      assert.deepEqual(versionIds(await tx.listPolicyVersions(kept.arn)), ['v1']);
      assert.deepEqual(await tx.listPolicyVersions(ghost.arn), []);
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [kept.arn]);
      assert.deepEqual(await tx.listAttachedPolicyArns(ACCOUNT), [kept.arn]);
      assert.deepEqual((await tx.listInlinePolicies(ACCOUNT, 'user', 'alice')).map((p) => p.policyName), ['Kept']);
      // Attachment order continues after a restart.
      await tx.attachPolicy(ACCOUNT, 'user', 'alice', AWS_BASIC);
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listAttachedPolicies(ACCOUNT, 'user', 'alice'), [kept.arn, AWS_BASIC]);
    });
  });
});
