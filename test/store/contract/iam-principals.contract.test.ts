/**
 * IamPrincipalsTx on every engine: users, roles and groups by name case-insensitively, replaced whole,
 * listed by path prefix (LIKE as SQLite evaluates it: wildcards literal, ASCII letters case-insensitive)
 * in byte order of the lower-cased name; group membership both ways; what deletions take with them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreTx } from '../../../src/store/store.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../../src/store/iam-records.js';
import { forEachEngine } from './engines.js';
import { Abort, ACCOUNT, group, openStore, OTHER_ACCOUNT, role, user } from './iam-fixtures.js';

interface Entity {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
}

/** The four operations each principal kind has, so one set of tests covers users, roles and groups. */
interface Kind<R extends Entity> {
  readonly label: string;
  make(name: string, path?: string, accountId?: string): R;
  get(tx: StoreTx, accountId: string, name: string): Promise<R | undefined>;
  put(tx: StoreTx, record: R): Promise<void>;
  del(tx: StoreTx, accountId: string, name: string): Promise<void>;
  list(tx: StoreTx, accountId: string, prefix: string): Promise<R[]>;
}

const users: Kind<UserRecord> = {
  label: 'user',
  make: (name, path, accountId) => user(name, path, accountId),
  get: (tx, a, n) => tx.getUser(a, n),
  put: (tx, r) => tx.putUser(r),
  del: (tx, a, n) => tx.deleteUser(a, n),
  list: (tx, a, p) => tx.listUsers(a, p),
};
const roles: Kind<RoleRecord> = {
  label: 'role',
  make: (name, path, accountId) => role(name, path, accountId),
  get: (tx, a, n) => tx.getRole(a, n),
  put: (tx, r) => tx.putRole(r),
  del: (tx, a, n) => tx.deleteRole(a, n),
  list: (tx, a, p) => tx.listRoles(a, p),
};
const groups: Kind<GroupRecord> = {
  label: 'group',
  make: (name, path, accountId) => group(name, path, accountId),
  get: (tx, a, n) => tx.getGroup(a, n),
  put: (tx, r) => tx.putGroup(r),
  del: (tx, a, n) => tx.deleteGroup(a, n),
  list: (tx, a, p) => tx.listGroups(a, p),
};

const names = (records: readonly Entity[]): string[] => records.map((r) => r.name);

function kindTests<R extends Entity>(engine: Parameters<Parameters<typeof forEachEngine>[0]>[0], kind: Kind<R>): void {
  test(`${kind.label}: round trip, case-insensitive lookup, absent and other-account lookups`, async (t) => {
    const store = await openStore(engine, t);
    const record = kind.make('Alice', '/eng/');
    const rich = { ...record, tags: { Team: 'Core', 'ünïcode': 'välue' }, permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' };
    await store.transact((tx) => kind.put(tx, rich as R));
    await store.transact(async (tx) => {
      assert.deepEqual(await kind.get(tx, ACCOUNT, 'Alice'), rich);
      assert.deepEqual(await kind.get(tx, ACCOUNT, 'ALICE'), rich);
      assert.deepEqual(await kind.get(tx, ACCOUNT, 'alice'), rich);
      assert.equal(await kind.get(tx, ACCOUNT, 'Alic'), undefined);
      assert.equal(await kind.get(tx, ACCOUNT, 'Alice '), undefined);
      assert.equal(await kind.get(tx, OTHER_ACCOUNT, 'Alice'), undefined);
      // A NUL can be in a request (a URL-encoded %00) but never in a stored name or path.
      assert.equal(await kind.get(tx, ACCOUNT, 'Ali\u0000ce'), undefined);
      assert.deepEqual(await kind.list(tx, ACCOUNT, '/\u0000'), []);
      await kind.del(tx, ACCOUNT, 'Ali\u0000ce');
    });
    // Unicode names fold as JavaScript's toLowerCase does, on both engines.
    await store.transact((tx) => kind.put(tx, kind.make('ÉTÉ')));
    await store.transact(async (tx) => {
      assert.equal((await kind.get(tx, ACCOUNT, 'été'))?.name, 'ÉTÉ');
    });
  });

  test(`${kind.label}: put replaces the record of the same name in any case`, async (t) => {
    const store = await openStore(engine, t);
    await store.transact((tx) => kind.put(tx, kind.make('Alice', '/old/')));
    const replacement = kind.make('ALICE', '/new/');
    await store.transact((tx) => kind.put(tx, replacement));
    await store.transact(async (tx) => {
      assert.deepEqual(await kind.get(tx, ACCOUNT, 'alice'), replacement);
      assert.deepEqual(await kind.list(tx, ACCOUNT, '/'), [replacement]);
      assert.deepEqual(await kind.list(tx, ACCOUNT, '/old/'), []);
      assert.deepEqual(await kind.list(tx, ACCOUNT, '/new/'), [replacement]);
    });
    // The same name in another account is another entity.
    await store.transact((tx) => kind.put(tx, kind.make('alice', '/', OTHER_ACCOUNT)));
    await store.transact(async (tx) => {
      assert.deepEqual(names(await kind.list(tx, ACCOUNT, '/')), ['ALICE']);
      assert.deepEqual(names(await kind.list(tx, OTHER_ACCOUNT, '/')), ['alice']);
    });
  });

  test(`${kind.label}: delete by name in any case; deleting an absent one is a no-op`, async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      await kind.put(tx, kind.make('Alice'));
      await kind.put(tx, kind.make('Bob'));
      await kind.put(tx, kind.make('Alice', '/', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      await kind.del(tx, ACCOUNT, 'aLiCe');
      await kind.del(tx, ACCOUNT, 'Nobody');
    });
    await store.transact(async (tx) => {
      assert.equal(await kind.get(tx, ACCOUNT, 'Alice'), undefined);
      assert.deepEqual(names(await kind.list(tx, ACCOUNT, '/')), ['Bob']);
      assert.equal((await kind.get(tx, OTHER_ACCOUNT, 'Alice'))?.name, 'Alice');
    });
  });

  test(`${kind.label}: list by path prefix, ordered by lower-cased name in byte order`, async (t) => {
    const store = await openStore(engine, t);
    const entries: Array<[string, string]> = [
      ['bob', '/'],
      ['Zed', '/div/'],
      ['Alice', '/div/sub/'],
      ['carol', '/Div/'],
      ['_under', '/divx/'],
      ['Éclair', '/d%v/'],
      ['dave', '/d_v/'],
      ['Erin', '/dav/'],
      ['frank', '/DIVA/'],
      ['Gina', '/été/'],
      ['hank', '/back\\slash/'],
      ['Ivy', '/backXslash/'],
    ];
    await store.transact(async (tx) => {
      for (const [name, path] of entries) await kind.put(tx, kind.make(name, path));
      await kind.put(tx, kind.make('outsider', '/div/', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      const list = async (prefix: string) => names(await kind.list(tx, ACCOUNT, prefix));
      // '_' (0x5F) sorts before the lower-case letters, 'é' (0xC3 0xA9) after them.
      assert.deepEqual(await list('/'), ['_under', 'Alice', 'bob', 'carol', 'dave', 'Erin', 'frank', 'Gina', 'hank', 'Ivy', 'Zed', 'Éclair']);
      assert.deepEqual(await list(''), await list('/'));
      // SQLite's LIKE ignores the case of ASCII letters: '/Div/' and '/div/' match each other's prefixes.
      assert.deepEqual(await list('/div/'), ['Alice', 'carol', 'Zed']);
      assert.deepEqual(await list('/DIV/'), ['Alice', 'carol', 'Zed']);
      assert.deepEqual(await list('/div'), ['_under', 'Alice', 'carol', 'frank', 'Zed']);
      assert.deepEqual(await list('/div/sub/'), ['Alice']);
      // Wildcards in the prefix are literal.
      assert.deepEqual(await list('/d%'), ['Éclair']);
      assert.deepEqual(await list('/d%v/'), ['Éclair']);
      assert.deepEqual(await list('/d_v/'), ['dave']);
      assert.deepEqual(await list('/D_'), ['dave']);
      assert.deepEqual(await list('/back\\'), ['hank']);
      // Only ASCII letters fold: 'ÉTÉ' is not 'été'.
      assert.deepEqual(await list('/été/'), ['Gina']);
      assert.deepEqual(await list('/ÉTÉ/'), []);
      assert.deepEqual(await list('/nothing/'), []);
      assert.deepEqual(names(await kind.list(tx, OTHER_ACCOUNT, '/')), ['outsider']);
    });
  });
}

forEachEngine((engine) => {
  kindTests(engine, users);
  kindTests(engine, roles);
  kindTests(engine, groups);

  test('group membership both ways, case-insensitively, each pair once, in name order', async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      for (const name of ['bob', 'Alice', 'Zed', 'carol']) await tx.putUser(user(name));
      for (const name of ['devs', 'Admins', 'ops']) await tx.putGroup(group(name));
      await tx.putUser(user('Alice', '/', OTHER_ACCOUNT));
      await tx.putGroup(group('devs', '/', OTHER_ACCOUNT));
    });
    await store.transact(async (tx) => {
      await tx.addGroupMember(ACCOUNT, 'DEVS', 'zed');
      await tx.addGroupMember(ACCOUNT, 'devs', 'ALICE');
      await tx.addGroupMember(ACCOUNT, 'Devs', 'alice'); // already a member
      await tx.addGroupMember(ACCOUNT, 'devs', 'bob');
      await tx.addGroupMember(ACCOUNT, 'admins', 'Alice');
      await tx.addGroupMember(ACCOUNT, 'ops', 'alice');
      await tx.addGroupMember(OTHER_ACCOUNT, 'devs', 'alice');
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listGroupMembers(ACCOUNT, 'devs'), [user('Alice'), user('bob'), user('Zed')]);
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'DEVS')), ['Alice', 'bob', 'Zed']);
      assert.deepEqual(await tx.listGroupsForUser(ACCOUNT, 'aLiCe'), [group('Admins'), group('devs'), group('ops')]);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'carol')), []);
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'nosuchgroup')), []);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'nosuchuser')), []);
      assert.deepEqual(names(await tx.listGroupMembers(OTHER_ACCOUNT, 'devs')), ['Alice']);
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'de\u0000vs')), []);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'ali\u0000ce')), []);
    });
    await store.transact(async (tx) => {
      await tx.removeGroupMember(ACCOUNT, 'DEVS', 'ALICE');
      await tx.removeGroupMember(ACCOUNT, 'devs', 'carol'); // not a member
      await tx.removeGroupMember(ACCOUNT, 'devs', 'car\u0000ol');
    });
    await store.transact(async (tx) => {
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'devs')), ['bob', 'Zed']);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'alice')), ['Admins', 'ops']);
      assert.deepEqual(names(await tx.listGroupMembers(OTHER_ACCOUNT, 'devs')), ['Alice'], 'other account untouched');
    });
  });

  test('memberships are kept by name: one added before the user or group exists shows once both do', async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      await tx.putGroup(group('devs'));
      await tx.addGroupMember(ACCOUNT, 'devs', 'Later');
      await tx.putUser(user('solo'));
      await tx.addGroupMember(ACCOUNT, 'LaterGroup', 'solo');
    });
    await store.transact(async (tx) => {
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'devs')), []);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'solo')), []);
      await tx.putUser(user('LATER'));
      await tx.putGroup(group('latergroup'));
    });
    await store.transact(async (tx) => {
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'devs')), ['LATER']);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'solo')), ['latergroup']);
    });
  });

  test('deleteGroup removes its memberships; deleteUser leaves them (a user of that name gets them back)', async (t) => {
    const store = await openStore(engine, t);
    await store.transact(async (tx) => {
      await tx.putUser(user('Alice'));
      await tx.putUser(user('bob'));
      await tx.putGroup(group('devs'));
      await tx.putGroup(group('ops'));
      await tx.addGroupMember(ACCOUNT, 'devs', 'alice');
      await tx.addGroupMember(ACCOUNT, 'devs', 'bob');
      await tx.addGroupMember(ACCOUNT, 'ops', 'bob');
    });
    await store.transact((tx) => tx.deleteGroup(ACCOUNT, 'DEVS'));
    await store.transact(async (tx) => {
      assert.equal(await tx.getGroup(ACCOUNT, 'devs'), undefined);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'alice')), []);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'bob')), ['ops']);
      await tx.putGroup(group('devs'));
    });
    await store.transact(async (tx) => {
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'devs')), [], 'a new group of that name starts empty');
      await tx.deleteUser(ACCOUNT, 'BOB');
    });
    await store.transact(async (tx) => {
      assert.equal(await tx.getUser(ACCOUNT, 'bob'), undefined);
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'ops')), []);
      await tx.putUser(user('Bob'));
    });
    await store.transact(async (tx) => {
      assert.deepEqual(names(await tx.listGroupMembers(ACCOUNT, 'ops')), ['Bob']);
      assert.deepEqual(names(await tx.listGroupsForUser(ACCOUNT, 'bob')), ['ops']);
    });
  });

  test('a closure that throws leaves no principal or membership behind; committed ones survive a restart', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    await opened.store.transact(async (tx) => {
      await tx.putUser(user('Kept'));
      await tx.putGroup(group('keptgroup'));
    });
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putUser(user('Ghost'));
        await tx.putUser(user('kept', '/changed/'));
        await tx.putRole(role('GhostRole'));
        await tx.putGroup(group('ghostgroup'));
        await tx.addGroupMember(ACCOUNT, 'keptgroup', 'kept');
        await tx.deleteGroup(ACCOUNT, 'keptgroup');
        throw new Abort('abort');
      }),
      Abort,
    );
    const store = await opened.reopen();
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.listUsers(ACCOUNT, '/'), [user('Kept')]);
      assert.deepEqual(await tx.listRoles(ACCOUNT, '/'), []);
      assert.deepEqual(await tx.listGroups(ACCOUNT, '/'), [group('keptgroup')]);
      assert.deepEqual(await tx.listGroupMembers(ACCOUNT, 'keptgroup'), []);
    });
  });
});
