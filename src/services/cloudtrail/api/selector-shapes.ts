/** PutEventSelectors' structures as the model spells them, read member by member (unknown members are dropped). */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../store/cloudtrail-records.js';
import type { CloudTrailInput } from './cloudtrail-input.js';

const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;

export function eventSelectorShape(s: CloudTrailInput): EventSelector {
  const rw = s.string('ReadWriteType');
  const mgmt = s.bool('IncludeManagementEvents');
  const data = s.structs('DataResources', (r) => {
    const type = r.string('Type');
    const values = r.strings('Values');
    return { ...(type === undefined ? {} : { Type: type }), ...(values === undefined ? {} : { Values: values }) };
  });
  const exclude = s.strings('ExcludeManagementEventSources');
  return {
    ...(rw === undefined ? {} : { ReadWriteType: rw as EventSelector['ReadWriteType'] }),
    ...(mgmt === undefined ? {} : { IncludeManagementEvents: mgmt }),
    ...(data === undefined ? {} : { DataResources: data }),
    ...(exclude === undefined ? {} : { ExcludeManagementEventSources: exclude }),
  };
}

function fieldSelectorShape(f: CloudTrailInput): AdvancedFieldSelector {
  const out: Record<string, unknown> = { Field: f.string('Field') ?? '' };
  for (const op of OPERATORS) {
    const values = f.strings(op);
    if (values !== undefined) out[op] = values;
  }
  return out as unknown as AdvancedFieldSelector;
}

export function advancedSelectorShape(s: CloudTrailInput): AdvancedEventSelector {
  const name = s.string('Name');
  return { ...(name === undefined ? {} : { Name: name }), FieldSelectors: s.structs('FieldSelectors', fieldSelectorShape) ?? [] };
}
