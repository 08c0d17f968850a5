/** A filter pattern that does not parse; operations answer it as AWS does (InvalidParameterException). */
export class FilterPatternError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'FilterPatternError';
  }
}
