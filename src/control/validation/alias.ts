/** CreateAlias / UpdateAlias bodies and the {Name} path segment of the alias operations. */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { ADDITIONAL_VERSION, ALIAS_NAME, FUNCTION_VERSION } from './patterns.js';
import {
  formatAwsValue,
  mapKeysSatisfy,
  mapValuesSatisfy,
  matchesPattern,
  maxLength,
  maxValue,
  minLength,
  minValue,
  notNull,
  present,
  ViolationList,
} from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface AliasRoutingConfig {
  AdditionalVersionWeights: Record<string, number>;
}

export interface CreateAliasInput {
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: AliasRoutingConfig;
}

export interface UpdateAliasInput {
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: AliasRoutingConfig;
  RevisionId?: string;
}

const members = {
  Name: wire.string(),
  FunctionVersion: wire.string(),
  Description: wire.string(),
  RoutingConfig: wire.struct({ AdditionalVersionWeights: wire.map(wire.doubleItem()) }),
  RevisionId: wire.string(),
};

type Weights = Readonly<Record<string, number | null>> | undefined;

function checkName(v: ViolationList, name: string | undefined): void {
  v.string('name', name, { min: 1, max: 128, pattern: ALIAS_NAME }); // [LS test_alias_naming]
}

function checkShape(v: ViolationList, version: string | undefined, description: string | undefined, weights: Weights): void {
  v.string('functionVersion', version, { min: 1, max: 1024, pattern: FUNCTION_VERSION });
  v.string('description', description, { max: 256 });
  if (weights === undefined) return;
  // [LS test_notfound_and_invalid_routingconfigs]: the map is printed Java-style, e.g. {2=2.0}.
  const shown = formatAwsValue(weights, true);
  const keys = Object.keys(weights);
  if (keys.some((k) => k.length < 1 || k.length > 1024 || !ADDITIONAL_VERSION.regex.test(k))) {
    const constraint = mapKeysSatisfy([maxLength(1024), minLength(1), matchesPattern(ADDITIONAL_VERSION.source)]);
    v.add('routingConfig.additionalVersionWeights', shown, constraint);
  }
  if (Object.values(weights).some((w) => w === null || w < 0 || w > 1)) {
    const constraint = mapValuesSatisfy([maxValue('1.0'), minValue('0.0'), notNull]);
    v.add('routingConfig.additionalVersionWeights', shown, constraint);
  }
}

/** Routing rules that need no store (that the versions exist is the service's check). */
function checkRouting(weights: Record<string, number>, version: string | undefined): void {
  const keys = Object.keys(weights);
  if (keys.length > 1) {
    throw new InvalidParameterValueError('Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
  if (keys.length > 0 && version === '$LATEST') {
    throw new InvalidParameterValueError('$LATEST is not supported for an alias pointing to more than 1 version');
  }
  if (version !== undefined && keys.includes(version)) {
    throw new InvalidParameterValueError(
      `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
    );
  }
}

function routing(weights: Weights, version: string | undefined): AliasRoutingConfig | undefined {
  if (weights === undefined) return undefined;
  const defined: Record<string, number> = {};
  for (const [k, w] of Object.entries(weights)) if (w !== null) defined[k] = w;
  checkRouting(defined, version);
  return { AdditionalVersionWeights: defined };
}

export function parseCreateAliasInput(body: unknown): CreateAliasInput {
  const input = decodeBody(members, body);
  const weights = input.RoutingConfig?.AdditionalVersionWeights;
  const v = new ViolationList();
  v.required('name', input.Name);
  v.required('functionVersion', input.FunctionVersion);
  checkName(v, input.Name);
  checkShape(v, input.FunctionVersion, input.Description, weights);
  v.throwIfAny();
  const version = present(input.FunctionVersion, 'functionVersion');
  const routingConfig = routing(weights, version);
  return {
    Name: present(input.Name, 'name'),
    FunctionVersion: version,
    Description: input.Description ?? '',
    ...(routingConfig === undefined ? {} : { RoutingConfig: routingConfig }),
  };
}

/** `aliasName` is the already percent-decoded {Name} path segment. */
export function parseUpdateAliasInput(body: unknown, aliasName?: string): UpdateAliasInput {
  const input = decodeBody(members, body);
  const weights = input.RoutingConfig?.AdditionalVersionWeights;
  const v = new ViolationList();
  checkName(v, aliasName);
  checkShape(v, input.FunctionVersion, input.Description, weights);
  v.throwIfAny();
  const routingConfig = routing(weights, input.FunctionVersion);
  return {
    ...(input.FunctionVersion === undefined ? {} : { FunctionVersion: input.FunctionVersion }),
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    ...(routingConfig === undefined ? {} : { RoutingConfig: routingConfig }),
    ...(input.RevisionId === undefined ? {} : { RevisionId: input.RevisionId }),
  };
}

/** The {Name} path segment of GetAlias / UpdateAlias / DeleteAlias. */
export function parseAliasName(name: string): string {
  const v = new ViolationList();
  checkName(v, name);
  v.throwIfAny();
  return name;
}
