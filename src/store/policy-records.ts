/**
 * Resource-based policies as the store keeps them: one document per function qualifier (`''` is the
 * function itself, else a version number or alias name) and one per layer version (qualifier = the
 * version number). The document is the JSON text returned by GetPolicy / GetLayerVersionPolicy.
 */
export type ResourcePolicyKind = 'function' | 'layer-version';

export interface ResourcePolicyRecord {
  readonly accountId: string;
  readonly kind: ResourcePolicyKind;
  /** Function name or layer name. */
  readonly name: string;
  readonly qualifier: string;
  readonly policy: string;
  /** Layer-version policies carry their own revision; function policies use the function's (empty here). */
  readonly revisionId: string;
}
