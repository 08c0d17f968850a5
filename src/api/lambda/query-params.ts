/** Reads an optional query parameter; an empty value counts as absent, as in the AWS SDKs. */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}
