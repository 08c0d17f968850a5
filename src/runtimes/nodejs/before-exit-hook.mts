/**
 * The one `beforeExit` action of the runtime. Node emits `beforeExit` when the event loop runs dry;
 * Lambda's Node runtimes use that moment to finish a callback handler's invocation when
 * `callbackWaitsForEmptyEventLoop` is true, or to settle a handler that never answered.
 */
const NOTHING = (): void => undefined;

export class BeforeExitHook {
  #action: () => void = NOTHING;

  /** Installs the process listener; call once. */
  install(): void {
    process.on('beforeExit', () => this.#action());
  }

  set(action: () => void): void {
    this.#action = action;
  }

  reset(): void {
    this.#action = NOTHING;
  }
}
