#!/usr/bin/env node
// Makes sure the system packages the tests (and later the server) need are installed: Debian's
// `awscli` (the tests call /usr/bin/aws explicitly, since another `aws` may come first on PATH),
// `bubblewrap` (the sandbox), and the toolchain that builds the official `aws-lambda-ric` from source
// for the real-client tests (its preinstall compiles curl with autotools and aws-lambda-cpp with
// cmake, then node-gyp builds the addon). As root on Debian it installs what is missing; elsewhere it
// prints the exact fix and exits 1. When everything is present it only stats a few files.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// `--for start` (the `prestart` hook): only what the server itself needs to run functions.
const FOR_START = process.argv.includes('--for') && process.argv[process.argv.indexOf('--for') + 1] === 'start';
const SERVER = [
  { pkg: 'bubblewrap', path: '/usr/bin/bwrap' },
  // setpriv drops to the sandbox uid; util-linux is essential on Debian, but a minimal image may lack it.
  { pkg: 'util-linux', path: '/usr/bin/setpriv' },
];
const REQUIRED = FOR_START ? SERVER : [
  ...SERVER,
  { pkg: 'awscli', path: '/usr/bin/aws' },
  { pkg: 'cmake', path: '/usr/bin/cmake' },
  { pkg: 'autoconf', path: '/usr/bin/autoconf' },
  { pkg: 'automake', path: '/usr/bin/automake' },
  // Debian's `libtool` ships libtoolize (what autoreconf runs); /usr/bin/libtool is libtool-bin.
  { pkg: 'libtool', path: '/usr/bin/libtoolize' },
  { pkg: 'g++', path: '/usr/bin/g++' },
  { pkg: 'make', path: '/usr/bin/make' },
  { pkg: 'python3', path: '/usr/bin/python3' },
  // gVisor, the second sandbox backend: its contract and hostile-function tests run on it too.
  { pkg: 'runsc', path: '/usr/bin/runsc' },
  // The store contract suite runs on PostgreSQL too (a throwaway cluster of the test run's own).
  { pkg: 'postgresql', get path() { return postgresInitdb(); } },
];

/** Debian's server binaries live under /usr/lib/postgresql/<major>/bin; any major will do. */
function postgresInitdb() {
  try {
    for (const major of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      const initdb = `/usr/lib/postgresql/${major}/bin/initdb`;
      if (existsSync(initdb)) return initdb;
    }
  } catch {
    // no PostgreSQL at all
  }
  return '/usr/lib/postgresql/<major>/bin/initdb';
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function packageListsPresent() {
  try {
    return readdirSync('/var/lib/apt/lists').some((name) => name.includes('_Packages'));
  } catch {
    return false;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error !== undefined) throw result.error;
  return result.status ?? 1;
}

function main() {
  const missing = REQUIRED.filter((r) => !executable(r.path));
  if (missing.length === 0) return 0;

  const names = missing.map((r) => r.pkg);
  const what = missing.map((r) => `${r.path} (Debian package ${r.pkg})`).join(', ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
  if (!isRoot || !hasApt) {
    process.stderr.write(
      `lambdabox needs ${what}.\n` +
        (hasApt
          ? `Fix: sudo apt-get install -y ${names.join(' ')}\n`
          : `Fix (Debian/Ubuntu): sudo apt-get install -y ${names.join(' ')}\n` +
            'On other systems install the AWS CLI v2 as /usr/bin/aws, bubblewrap as /usr/bin/bwrap, and ' +
            'cmake, autoconf, automake, libtool, g++, make and python3 under /usr/bin.\n'),
    );
    return 1;
  }

  process.stderr.write(`ensure-system: installing ${names.join(' ')} (missing: ${what})\n`);
  // Refresh the package lists only when needed: a fresh image has none, and stale ones make the
  // install fail (then we update and retry once).
  const listsPresent = packageListsPresent();
  if (!listsPresent || run('apt-get', ['install', '-y', '-qq', ...names]) !== 0) {
    if (run('apt-get', ['update', '-qq']) !== 0) return 1;
    if (run('apt-get', ['install', '-y', '-qq', ...names]) !== 0) return 1;
  }
  const still = REQUIRED.filter((r) => !executable(r.path));
  if (still.length > 0) {
    process.stderr.write(`ensure-system: still missing after install: ${still.map((r) => r.path).join(', ')}\n`);
    return 1;
  }
  return 0;
}

process.exit(main());
