/** The one question every service asks before running an operation. */
import type { Caller } from '../caller.js';
import type { Decision } from '../policy/evaluation-types.js';
import type { AccessRequest, RequestFacts } from './access-request.js';

export interface Authorize {
  /**
   * Evaluates `request` for `caller` and records the decision. Resolves with the decision when allowed;
   * rejects with AccessDeniedError (403, AWS's message form) when denied.
   */
  authorize(caller: Caller, request: AccessRequest, facts: RequestFacts): Promise<Decision>;
  /** Same evaluation without throwing or recording (for SimulatePrincipalPolicy / explain). */
  explain(caller: Caller, request: AccessRequest, facts: RequestFacts): Promise<Decision>;
}
