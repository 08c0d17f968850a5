/**
 * A node's name in the cluster, kept in its data dir: restarting with the same data dir rejoins as the
 * same node, so the new incarnation releases what the old one held instead of waiting out its lease.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../shared/private-files.js';
import { ConfigError } from '../shared/errors/lambdabox-error.js';

const NODE_ID = /^node-[0-9a-f]{16}$/;

export function loadOrCreateNodeId(dataDir: string): string {
  const path = join(dataDir, 'node-id');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const id = `node-${randomBytes(8).toString('hex')}`;
    try {
      // Exclusive: two processes started on one data dir at once agree on one id (the loser reads it).
      writeFileSync(path, `${id}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return id;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      text = readFileSync(path, 'utf8');
    }
  }
  const id = text.trim();
  if (!NODE_ID.test(id)) throw new ConfigError(`${path} does not hold a node id (node- and 16 hex digits); remove it to get a new one`);
  return id;
}
