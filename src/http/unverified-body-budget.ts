/**
 * Bounds the request-body bytes the server holds before their signature is verified, across all requests.
 *
 * A request signed without x-amz-content-sha256 (the Lambda SDKs and CLI sign that way) can only be
 * verified once its whole body has been hashed, so its bytes must be kept unverified until then. Anyone
 * who knows an access key id (they are not secret) can send such bodies with a wrong signature; without a
 * shared bound, N connections × the largest body (70 MB for CreateFunction) is held at once.
 *
 * Each request reading an unverified body opens a claim and charges every chunk it receives. When the
 * total is over capacity, a request pauses (TCP backpressure does the rest) until others release, except
 * the oldest open claim, which always continues: that keeps a single body larger than the capacity
 * possible and means claims that wait on each other cannot deadlock. So at most capacity + one body (+ one
 * chunk per paused request) is held, however many clients there are.
 */

interface Waiter {
  readonly claim: BudgetClaim;
  readonly resume: () => void;
}

export class UnverifiedBodyBudget {
  readonly capacity: number;
  #held = 0;
  #peak = 0;
  // Insertion order is age order: the first open claim is the oldest.
  readonly #open = new Set<BudgetClaim>();
  readonly #waiting: Waiter[] = [];

  /** @param capacity bytes held by all claims together before the newer ones wait */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`bad unverified body budget: ${capacity}`);
    this.capacity = capacity;
  }

  /** Bytes held now by open claims. */
  get heldBytes(): number {
    return this.#held;
  }

  /** The most ever held at once (for tests and diagnostics). */
  get peakBytes(): number {
    return this.#peak;
  }

  open(): BudgetClaim {
    const claim = new BudgetClaim({
      charge: (n) => this.#charge(n),
      mayContinue: (c) => this.#mayContinue(c),
      wait: (c, resume) => this.#waiting.push({ claim: c, resume }),
      close: (c, held) => this.#close(c, held),
    });
    this.#open.add(claim);
    return claim;
  }

  #charge(n: number): void {
    this.#held += n;
    if (this.#held > this.#peak) this.#peak = this.#held;
  }

  #mayContinue(claim: BudgetClaim): boolean {
    if (this.#held <= this.capacity) return true;
    return this.#open.values().next().value === claim;
  }

  #close(claim: BudgetClaim, held: number): void {
    if (!this.#open.delete(claim)) return;
    this.#held -= held;
    for (let i = 0; i < this.#waiting.length; ) {
      const entry = this.#waiting[i] as Waiter;
      if (entry.claim === claim) {
        this.#waiting.splice(i, 1);
      } else if (this.#mayContinue(entry.claim)) {
        this.#waiting.splice(i, 1);
        entry.resume();
      } else {
        i++;
      }
    }
  }
}

interface ClaimHooks {
  charge(n: number): void;
  mayContinue(claim: BudgetClaim): boolean;
  wait(claim: BudgetClaim, resume: () => void): void;
  close(claim: BudgetClaim, held: number): void;
}

/** One request's share of an UnverifiedBodyBudget; close it once the body is verified or refused. */
export class BudgetClaim {
  readonly #hooks: ClaimHooks;
  #held = 0;
  #closed = false;

  constructor(hooks: ClaimHooks) {
    this.#hooks = hooks;
  }

  get heldBytes(): number {
    return this.#held;
  }

  /** Records `n` bytes received; returns false when the request must wait (see whenMayContinue) before reading more. */
  charge(n: number): boolean {
    if (this.#closed) return true;
    this.#held += n;
    this.#hooks.charge(n);
    return this.#hooks.mayContinue(this);
  }

  /** Resolves once this claim may read more (at once if it may now); never resolves after close(). */
  whenMayContinue(): Promise<void> {
    if (this.#closed || this.#hooks.mayContinue(this)) return Promise.resolve();
    return new Promise((resolve) => this.#hooks.wait(this, resolve));
  }

  /** Gives the bytes back (the body was verified, refused or abandoned). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hooks.close(this, this.#held);
    this.#held = 0;
  }
}
