/**
 * Run by launch-isolation.test.ts with extra inheritable fds (3-5) open: launches one sandbox that
 * lists the fds of its shell, and prints both lists as JSON.
 */
import { readdirSync } from 'node:fs';
import { runToEnd, specFor, startHarness } from './launch-harness.js';

const h = await startHarness();
try {
  const outside = readdirSync('/proc/self/fd');
  const { stdout } = await runToEnd(h, specFor(h, ['/bin/sh', '-c', 'ls /proc/$$/fd']));
  process.stdout.write(JSON.stringify({ outside, inside: stdout.trim().split('\n').sort() }));
} finally {
  await h.close();
}
