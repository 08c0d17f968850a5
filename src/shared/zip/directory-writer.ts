/**
 * Writes a planned package under a root directory without ever following a symbolic link: parents
 * are directories this writer created itself (tracked, never looked up), files are opened with
 * O_EXCL|O_NOFOLLOW, and symlinks are only created after every file is written (read-package.ts).
 */
import { constants } from 'node:fs';
import { chmod, mkdir, open, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parentOf } from './entry-path.js';
import { DIRECTORY_MODE } from './entry-kind.js';
import type { FileWriter, PackageWriter } from './zip-types.js';

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export class DirectoryWriter implements PackageWriter {
  private readonly directories = new Map<string, Promise<void>>([['', Promise.resolve()]]);

  constructor(private readonly root: string) {}

  async directory(path: string): Promise<void> {
    await this.ensureDirectory(path);
  }

  async file(path: string, mode: number): Promise<FileWriter> {
    await this.ensureDirectory(parentOf(path));
    const handle = await open(join(this.root, path), CREATE_FLAGS, mode);
    let closed = false;
    try {
      await handle.chmod(mode); // open() applied the umask; Lambda's modes are exact.
    } catch (error) {
      await handle.close();
      throw error;
    }
    return {
      async write(chunk: Buffer): Promise<void> {
        for (let offset = 0; offset < chunk.length; ) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
      },
      async close(): Promise<void> {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  }

  async writeFile(path: string, mode: number, content: Buffer): Promise<void> {
    const file = await this.file(path, mode);
    try {
      await file.write(content);
    } finally {
      await file.close();
    }
  }

  async symlink(path: string, target: string): Promise<void> {
    await this.ensureDirectory(parentOf(path));
    await symlink(target, join(this.root, path));
  }

  /** Memoized per path, so concurrent writers share one mkdir and never race on it. */
  private ensureDirectory(path: string): Promise<void> {
    let made = this.directories.get(path);
    if (made === undefined) {
      made = this.makeDirectory(path);
      this.directories.set(path, made);
    }
    return made;
  }

  private async makeDirectory(path: string): Promise<void> {
    await this.ensureDirectory(parentOf(path));
    const absolute = join(this.root, path);
    await mkdir(absolute, { mode: DIRECTORY_MODE });
    await chmod(absolute, DIRECTORY_MODE);
  }
}
