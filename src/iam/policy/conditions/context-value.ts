// The request context: condition keys and their values. Key names are case-insensitive in IAM.

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];
export type ConditionContext = Readonly<Record<string, ContextValue | undefined>>;

export function lookupContext(context: ConditionContext, key: string): ContextValue | undefined {
  const direct = context[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() === lower) return value;
  }
  return undefined;
}

// Missing keys and empty lists are both "absent" for condition purposes.
export function contextValues(context: ConditionContext, key: string): string[] | undefined {
  const value = lookupContext(context, key);
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).map(String);
  return values.length === 0 ? undefined : values;
}
