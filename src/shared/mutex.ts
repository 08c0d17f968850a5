/** A FIFO async mutex: `runWith` runs closures one at a time, in call order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  runWith<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#tail.then(fn);
    // The chain must continue whether `fn` succeeded or not; the caller still sees the rejection.
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
