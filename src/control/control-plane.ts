/**
 * The control plane as the API layer sees it: the dependencies every operation runs with. Each
 * operation is a function in its own file (control/functions/*, control/aliases/*, …) taking these.
 */
import type { ControlDeps } from './control-deps.js';

export type ControlPlane = ControlDeps;
