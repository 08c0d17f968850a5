/**
 * PutEventSelectors and GetEventSelectors. A trail takes either basic or advanced selectors, never both:
 * putting one kind replaces the other, as AWS does.
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { AdvancedEventSelector, EventSelector, TrailRecord } from '../store/cloudtrail-records.js';
import { accessTrail } from './trail-access.js';
import { InvalidParameterCombinationError, trailNotFound } from './cloudtrail-errors.js';
import { validateAdvancedEventSelectors, validateEventSelectors } from './selector-validation.js';

export interface TrailSelectors {
  readonly trailArn: string;
  readonly eventSelectors?: readonly EventSelector[];
  readonly advancedEventSelectors?: readonly AdvancedEventSelector[];
}

/** What a trail that was never given selectors logs: every management event, no data event. */
const DEFAULT_SELECTORS: readonly EventSelector[] = [
  { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
];

function selectorsOf(t: TrailRecord): TrailSelectors {
  if (t.advancedEventSelectors !== undefined) return { trailArn: t.arn, advancedEventSelectors: t.advancedEventSelectors };
  return { trailArn: t.arn, eventSelectors: t.eventSelectors ?? DEFAULT_SELECTORS };
}

export async function putEventSelectors(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  name: string,
  basic: readonly EventSelector[] | undefined,
  advanced: readonly AdvancedEventSelector[] | undefined,
): Promise<TrailSelectors> {
  if ((basic === undefined) === (advanced === undefined)) {
    throw new InvalidParameterCombinationError('You must specify either EventSelectors or AdvancedEventSelectors, but not both.');
  }
  if (basic !== undefined) validateEventSelectors(basic);
  if (advanced !== undefined) validateAdvancedEventSelectors(advanced);
  const { trail } = await accessTrail(deps, call, 'PutEventSelectors', name);
  const updated = await deps.store.transact(async (tx) => {
    const current = await tx.getTrail(trail.accountId, trail.name);
    if (current === undefined) throw trailNotFound(trail.arn, call.caller.accountId);
    const { eventSelectors: _b, advancedEventSelectors: _a, ...rest } = current;
    const next: TrailRecord = basic !== undefined ? { ...rest, eventSelectors: basic } : { ...rest, advancedEventSelectors: advanced ?? [] };
    await tx.putTrail(next);
    return next;
  });
  await deps.trailsChanged();
  return selectorsOf(updated);
}

export async function getEventSelectors(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<TrailSelectors> {
  return selectorsOf((await accessTrail(deps, call, 'GetEventSelectors', name)).trail);
}
