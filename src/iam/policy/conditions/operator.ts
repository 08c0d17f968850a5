// A condition operator reduced to its positive comparison; negated operators invert the combined result.
export interface ConditionOperator {
  readonly match: (policyValue: string, contextValue: string) => boolean;
  readonly negated: boolean;
  // Whether policy variables are substituted into the policy values (string and ARN operators only).
  readonly variables: boolean;
}
