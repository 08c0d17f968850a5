/** The AliasConfiguration shape Lambda returns, built from a stored alias. */
import type { AliasRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import { functionArn } from '../validation/function-ref.js';

export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  /** Absent when the alias points at one version, as AWS omits it. */
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  RevisionId: string;
}

export function aliasArn(ctx: ValidationContext, functionName: string, name: string): string {
  return functionArn(ctx, functionName, name);
}

export function toAliasConfiguration(ctx: ValidationContext, alias: AliasRecord): AliasConfiguration {
  const weights = alias.additionalVersionWeights;
  return {
    AliasArn: aliasArn(ctx, alias.functionName, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(weights === null || Object.keys(weights).length === 0
      ? {}
      : { RoutingConfig: { AdditionalVersionWeights: { ...weights } } }),
    RevisionId: alias.revisionId,
  };
}
