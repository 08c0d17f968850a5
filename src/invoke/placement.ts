/**
 * Where an invoke runs when several nodes share the store. The data plane asks only when it has no idle
 * environment for the invoke here; the cluster (src/cluster/) answers by running it on a node that has
 * one, or on a less loaded node, or not at all (undefined: run it here).
 */
import type { ValidationContext } from '../control/validation/context.js';
import type { FunctionRef } from '../control/validation/function-ref.js';
import type { InvokeRequest, InvokeResult } from './invoke-types.js';

export interface PlacementInput {
  /** `warmKeyString` of the version the invoke needs. */
  readonly warmKey: string;
  /** Executions running on this node now. */
  readonly localInFlight: number;
  readonly ctx: ValidationContext;
  readonly ref: FunctionRef;
  readonly request: InvokeRequest;
  /** The function's timeout: the longest the other node may take. */
  readonly timeoutMs: number;
}

export interface InvokePlacement {
  /**
   * The result of running the invoke on another node; undefined (or a promise of it, when the chosen node
   * turned out to be unreachable before anything ran) means: run it here.
   */
  elsewhere(input: PlacementInput): Promise<InvokeResult | undefined> | undefined;
}
