/**
 * Weighted alias routing (RoutingConfig.AdditionalVersionWeights): the additional version gets its
 * weight's share of invocations, the alias's main version the rest.
 */
export function pickAliasVersion(
  functionVersion: string,
  weights: Readonly<Record<string, number>> | null,
  random: () => number = Math.random,
): string {
  if (weights === null) return functionVersion;
  const r = random();
  let acc = 0;
  for (const [version, weight] of Object.entries(weights)) {
    acc += weight;
    if (r < acc) return version;
  }
  return functionVersion;
}
