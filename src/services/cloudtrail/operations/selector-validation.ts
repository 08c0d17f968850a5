/**
 * PutEventSelectors' input checks, after the limits and rules of the botocore model's documentation
 * (InvalidEventSelectorsException, AdvancedFieldSelector.Field): 1–5 basic selectors with at most 250 data
 * resources in all; advanced selectors with at most 500 values in all, `eventCategory` required and Equals
 * Management or Data, `resources.type` required on data selectors. AWS's exact messages for each rule are not
 * recorded anywhere we can check; ours say which rule failed.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../store/cloudtrail-records.js';
import { InvalidEventSelectorsError } from './cloudtrail-errors.js';

const READ_WRITE_TYPES: ReadonlySet<string> = new Set(['ReadOnly', 'WriteOnly', 'All']);
/** The resource types basic selectors take (DataResource.Type). */
const BASIC_DATA_TYPES: ReadonlySet<string> = new Set(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
/** The resource types advanced selectors take (AdvancedFieldSelector.Field, `resources.type`). */
const ADVANCED_DATA_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Object',
  'AWS::Lambda::Function',
  'AWS::DynamoDB::Table',
  'AWS::S3Outposts::Object',
  'AWS::ManagedBlockchain::Node',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::EC2::Snapshot',
  'AWS::S3::AccessPoint',
  'AWS::DynamoDB::Stream',
  'AWS::Glue::Table',
]);
const EXCLUDABLE_SOURCES: ReadonlySet<string> = new Set(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);
const FIELDS: ReadonlySet<string> = new Set(['eventCategory', 'eventSource', 'eventName', 'readOnly', 'resources.type', 'resources.ARN']);
const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const LAMBDA_ALL = /^arn:aws[a-z-]*:lambda$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/;

const invalid = (message: string): InvalidEventSelectorsError => new InvalidEventSelectorsError(message);

export function validateEventSelectors(selectors: readonly EventSelector[]): void {
  if (selectors.length < 1 || selectors.length > 5) throw invalid('You can specify 1 to 5 event selectors for a trail.');
  let resources = 0;
  for (const s of selectors) {
    if (s.ReadWriteType !== undefined && !READ_WRITE_TYPES.has(s.ReadWriteType)) {
      throw invalid(`Value ${String(s.ReadWriteType)} for ReadWriteType is invalid.`);
    }
    for (const source of s.ExcludeManagementEventSources ?? []) {
      if (!EXCLUDABLE_SOURCES.has(source)) throw invalid(`Value ${source} for ExcludeManagementEventSources is invalid.`);
    }
    for (const r of s.DataResources ?? []) {
      const type = r.Type ?? '';
      if (!BASIC_DATA_TYPES.has(type)) throw invalid(`Value ${type} for DataResources.Type is invalid.`);
      const values = r.Values ?? [];
      resources += values.length;
      for (const v of values) {
        const ok = type === 'AWS::Lambda::Function' ? LAMBDA_ALL.test(v) || FUNCTION_ARN.test(v) : v.startsWith('arn:');
        if (!ok) throw invalid(`Value ${v} for DataResources.Values is invalid.`);
      }
    }
  }
  if (resources > 250) throw invalid('A trail is limited to 250 data resources.');
}

function operands(f: AdvancedFieldSelector): Array<[string, readonly string[]]> {
  return OPERATORS.flatMap((op) => (f[op] === undefined ? [] : [[op, f[op]] as [string, readonly string[]]]));
}

function onlyEquals(f: AdvancedFieldSelector, allowed: ReadonlySet<string>, single: boolean): void {
  const ops = operands(f);
  const values = f.Equals ?? [];
  if (ops.length !== 1 || ops[0]?.[0] !== 'Equals' || (single && values.length !== 1) || values.some((v) => !allowed.has(v))) {
    throw invalid(`Invalid value for the ${f.Field} field selector: it must use Equals with ${[...allowed].join(', ')}.`);
  }
}

function validateAdvanced(selector: AdvancedEventSelector): number {
  if (selector.Name !== undefined && selector.Name.length > 1000) throw invalid('Selector name is longer than 1000 characters.');
  if (selector.FieldSelectors.length === 0) throw invalid('An advanced event selector must have at least one field selector.');
  const byField = new Map<string, AdvancedFieldSelector>();
  let values = 0;
  for (const f of selector.FieldSelectors) {
    if (!FIELDS.has(f.Field)) throw invalid(`Field ${f.Field} is not a valid field for an advanced event selector.`);
    if (byField.has(f.Field)) throw invalid(`Field ${f.Field} is repeated in an advanced event selector.`);
    byField.set(f.Field, f);
    const ops = operands(f);
    if (ops.length === 0 || ops.some(([, v]) => v.length === 0 || v.some((x) => x.length === 0 || x.length > 2048))) {
      throw invalid(`Field selector ${f.Field} must have at least one operator with values of 1 to 2048 characters.`);
    }
    values += ops.reduce((n, [, v]) => n + v.length, 0);
  }
  const category = byField.get('eventCategory');
  if (category === undefined) throw invalid('Field eventCategory is required in an advanced event selector.');
  onlyEquals(category, new Set(['Management', 'Data']), true);
  const readOnly = byField.get('readOnly');
  if (readOnly !== undefined) onlyEquals(readOnly, new Set(['true', 'false']), true);
  const type = byField.get('resources.type');
  if (category.Equals?.[0] === 'Management') {
    for (const field of byField.keys()) {
      if (!['eventCategory', 'readOnly', 'eventSource'].includes(field)) throw invalid(`Field ${field} is not valid for management events.`);
    }
    const source = byField.get('eventSource');
    if (source !== undefined && (operands(source).some(([op]) => op !== 'NotEquals') || source.NotEquals?.some((v) => !EXCLUDABLE_SOURCES.has(v)))) {
      throw invalid('For management events, eventSource can only use NotEquals kms.amazonaws.com or rdsdata.amazonaws.com.');
    }
  } else {
    if (type === undefined) throw invalid('Field resources.type is required for data events.');
    onlyEquals(type, ADVANCED_DATA_TYPES, true);
    if (byField.has('eventSource')) throw invalid('Field eventSource is only valid for management events.');
  }
  return values;
}

export function validateAdvancedEventSelectors(selectors: readonly AdvancedEventSelector[]): void {
  if (selectors.length === 0) throw invalid('You must specify at least one advanced event selector.');
  const values = selectors.reduce((n, s) => n + validateAdvanced(s), 0);
  if (values > 500) throw invalid('Advanced event selectors are limited to 500 values for all conditions of a trail.');
}
