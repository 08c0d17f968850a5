/**
 * Bounded concurrency for file writes: a package is mostly small files, and one open/chmod/write/close
 * round trip at a time leaves the libuv pool idle. The first failure is kept and rethrown; settle()
 * must run before anyone cleans up, so no write lands after the cleanup.
 */
export class WriteQueue {
  private readonly pending = new Set<Promise<void>>();
  private failed = false;
  private failure: unknown;

  constructor(private readonly limit: number) {}

  /** Starts `write` and waits only while the queue is full. Throws an earlier write's failure. */
  async add(write: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    const tracked: Promise<void> = write().then(
      () => {
        this.pending.delete(tracked);
      },
      (error: unknown) => {
        this.pending.delete(tracked);
        if (!this.failed) {
          this.failed = true;
          this.failure = error;
        }
      },
    );
    this.pending.add(tracked);
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
    this.throwIfFailed();
  }

  /** Waits for every started write; throws the first failure, if any. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every started write without throwing. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure;
  }
}
