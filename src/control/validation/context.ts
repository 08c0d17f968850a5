/** Where a request is served: names resolve and ARNs are built against this account and region. */
export interface ValidationContext {
  readonly region: string;
  readonly accountId: string;
  readonly partition?: 'aws';
}

export function partitionOf(ctx: ValidationContext): string {
  return ctx.partition ?? 'aws';
}
