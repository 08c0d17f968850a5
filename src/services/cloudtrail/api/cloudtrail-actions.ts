/**
 * CloudTrail's operations as the wire sees them: members in by model name (CloudTrailInput), the response
 * structure out (trail-shapes.ts). One entry per `X-Amz-Target` operation name.
 */
import type { CloudTrailCall, CloudTrailDeps } from '../operations/cloudtrail-deps.js';
import type { CloudTrailInput } from './cloudtrail-input.js';
import type { TrailSettings } from '../operations/trail-settings.js';
import { createTrail } from '../operations/create-trail.js';
import { describeTrails, getTrail } from '../operations/get-trail.js';
import { deleteTrail } from '../operations/delete-trail.js';
import { updateTrail } from '../operations/update-trail.js';
import { startLogging, stopLogging } from '../operations/logging.js';
import { getTrailStatus } from '../operations/get-trail-status.js';
import { getEventSelectors, putEventSelectors } from '../operations/event-selectors.js';
import type { TrailSelectors } from '../operations/event-selectors.js';
import { lookupEvents } from '../operations/lookup-events.js';
import { listPublicKeys } from '../operations/list-public-keys.js';
import { addTags, listTags, removeTags } from '../operations/trail-tags.js';
import type { Tag } from '../operations/trail-tags.js';
import { advancedSelectorShape, eventSelectorShape } from './selector-shapes.js';
import { eventShape, seconds, trailSettingsShape, trailShape, trailStatusShape } from './trail-shapes.js';
import { InvalidTagParameterError } from '../operations/cloudtrail-errors.js';

export interface CloudTrailActionContext {
  readonly deps: CloudTrailDeps;
  readonly call: CloudTrailCall;
}

export type CloudTrailResult = Record<string, unknown>;
export type CloudTrailAction = (input: CloudTrailInput, ctx: CloudTrailActionContext) => Promise<CloudTrailResult>;

/** `Name` / `TrailName`: an absent member is an empty name, which the name check answers as AWS does. */
const nameOf = (input: CloudTrailInput, member = 'Name'): string => input.string(member) ?? '';

function settingsOf(input: CloudTrailInput): TrailSettings {
  const entries: Array<[keyof TrailSettings, unknown]> = [
    ['s3BucketName', input.string('S3BucketName')],
    ['s3KeyPrefix', input.string('S3KeyPrefix')],
    ['snsTopicName', input.string('SnsTopicName')],
    ['includeGlobalServiceEvents', input.bool('IncludeGlobalServiceEvents')],
    ['isMultiRegionTrail', input.bool('IsMultiRegionTrail')],
    ['enableLogFileValidation', input.bool('EnableLogFileValidation')],
    ['cloudWatchLogsLogGroupArn', input.string('CloudWatchLogsLogGroupArn')],
    ['cloudWatchLogsRoleArn', input.string('CloudWatchLogsRoleArn')],
    ['kmsKeyId', input.string('KmsKeyId')],
    ['isOrganizationTrail', input.bool('IsOrganizationTrail')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TrailSettings;
}

function tagsOf(input: CloudTrailInput, member: string): Tag[] | undefined {
  return input.structs(member, (t) => {
    const key = t.string('Key');
    if (key === undefined) throw new InvalidTagParameterError('Tag key must be specified.');
    const value = t.string('Value');
    return { Key: key, ...(value === undefined ? {} : { Value: value }) };
  });
}

function selectorsShape(s: TrailSelectors): CloudTrailResult {
  return {
    TrailARN: s.trailArn,
    ...(s.eventSelectors === undefined ? {} : { EventSelectors: s.eventSelectors }),
    ...(s.advancedEventSelectors === undefined ? {} : { AdvancedEventSelectors: s.advancedEventSelectors }),
  };
}

export const CLOUDTRAIL_ACTIONS: Readonly<Record<string, CloudTrailAction>> = {
  async CreateTrail(input, { deps, call }) {
    const tags = tagsOf(input, 'TagsList');
    const trail = await createTrail(deps, call, {
      ...settingsOf(input),
      name: nameOf(input),
      s3BucketName: input.string('S3BucketName') ?? '',
      ...(tags === undefined ? {} : { tags }),
    });
    return trailSettingsShape(trail);
  },
  async GetTrail(input, { deps, call }) {
    return { Trail: trailShape(await getTrail(deps, call, nameOf(input))) };
  },
  async DescribeTrails(input, { deps, call }) {
    // includeShadowTrails is read for its type only: no trail here is a shadow (describeTrails says why).
    input.bool('includeShadowTrails');
    return { trailList: (await describeTrails(deps, call, input.strings('trailNameList'))).map(trailShape) };
  },
  async ListTrails(input, { deps, call }) {
    input.string('NextToken');
    const trails = await describeTrails(deps, call, undefined, 'ListTrails');
    return { Trails: trails.map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })) };
  },
  async DeleteTrail(input, { deps, call }) {
    await deleteTrail(deps, call, nameOf(input));
    return {};
  },
  async UpdateTrail(input, { deps, call }) {
    return trailSettingsShape(await updateTrail(deps, call, nameOf(input), settingsOf(input)));
  },
  async StartLogging(input, { deps, call }) {
    await startLogging(deps, call, nameOf(input));
    return {};
  },
  async StopLogging(input, { deps, call }) {
    await stopLogging(deps, call, nameOf(input));
    return {};
  },
  async GetTrailStatus(input, { deps, call }) {
    return trailStatusShape(await getTrailStatus(deps, call, nameOf(input)));
  },
  async PutEventSelectors(input, { deps, call }) {
    const basic = input.structs('EventSelectors', eventSelectorShape);
    const advanced = input.structs('AdvancedEventSelectors', advancedSelectorShape);
    return selectorsShape(await putEventSelectors(deps, call, nameOf(input, 'TrailName'), basic, advanced));
  },
  async GetEventSelectors(input, { deps, call }) {
    return selectorsShape(await getEventSelectors(deps, call, nameOf(input, 'TrailName')));
  },
  async LookupEvents(input, { deps, call }) {
    const attributes = input.structs('LookupAttributes', (a) => {
      const key = a.string('AttributeKey');
      const value = a.string('AttributeValue');
      return { ...(key === undefined ? {} : { AttributeKey: key }), ...(value === undefined ? {} : { AttributeValue: value }) };
    });
    const optional = {
      lookupAttributes: attributes,
      startTime: input.date('StartTime'),
      endTime: input.date('EndTime'),
      eventCategory: input.string('EventCategory'),
      maxResults: input.int('MaxResults'),
      nextToken: input.string('NextToken'),
    };
    const given = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
    const result = await lookupEvents(deps, call, given);
    return { Events: result.events.map(eventShape), ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken }) };
  },
  async ListPublicKeys(input, { deps, call }) {
    input.string('NextToken');
    const keys = await listPublicKeys(deps, call, input.date('StartTime'), input.date('EndTime'));
    return {
      PublicKeyList: keys.map((k) => ({
        Value: k.value.toString('base64'),
        ValidityStartTime: seconds(k.validityStartTime),
        ValidityEndTime: seconds(k.validityEndTime),
        Fingerprint: k.fingerprint,
      })),
    };
  },
  async AddTags(input, { deps, call }) {
    await addTags(deps, call, input.string('ResourceId') ?? '', tagsOf(input, 'TagsList') ?? []);
    return {};
  },
  async RemoveTags(input, { deps, call }) {
    await removeTags(deps, call, input.string('ResourceId') ?? '', tagsOf(input, 'TagsList') ?? []);
    return {};
  },
  async ListTags(input, { deps, call }) {
    input.string('NextToken');
    const tags = await listTags(deps, call, input.strings('ResourceIdList') ?? []);
    return {
      ResourceTagList: tags.map((t) => ({ ResourceId: t.resourceId, TagsList: Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value })) })),
    };
  },
};
