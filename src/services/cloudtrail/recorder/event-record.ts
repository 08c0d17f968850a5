/**
 * One CloudTrail record (`eventVersion` 1.09) built from a completed call: the fields of the CloudTrail
 * user guide's "CloudTrail record contents", in AWS's order, and the row the store keeps for it.
 */
import { randomUUID } from 'node:crypto';
import type { CompletedCall } from '../../../http/call-audit.js';
import type { DecisionRecord } from '../../../iam/authz/decision-record.js';
import type { NewTrailEvent } from '../store/trail-event-records.js';
import { recordedMembers } from './redaction.js';
import { normalizeIp } from '../../../iam/authz/authorizer.js';
import { cloudTrailTime, lookupUsername, serviceIdentity, userIdentityOf } from './user-identity.js';

export const EVENT_VERSION = '1.09';

/** `eventSource` per credential-scope service. */
const EVENT_SOURCES: Readonly<Record<string, string>> = {
  lambda: 'lambda.amazonaws.com',
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  sqs: 'sqs.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  config: 'config.amazonaws.com',
  kms: 'kms.amazonaws.com',
  secretsmanager: 'secretsmanager.amazonaws.com',
  s3: 's3.amazonaws.com',
  // The platform's own admin API is no AWS service; its events say so.
  lambdabox: 'lambdabox.local',
};

export function eventSourceOf(signingName: string): string {
  return EVENT_SOURCES[signingName] ?? `${signingName}.amazonaws.com`;
}

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Lookup', 'Head', 'Simulate', 'BatchGet', 'Select'];

export function readOnlyByName(eventName: string): boolean {
  return READ_ONLY_PREFIXES.some((p) => eventName.startsWith(p));
}

function userAgentOf(headers: CompletedCall['request']['headers']): string {
  const agent = headers['user-agent'];
  return typeof agent === 'string' ? agent.slice(0, 1024) : '';
}

/** The rows of one call: one for the caller's account and, for an allowed cross-account call, one for the resource's. */
export function callEvents(call: CompletedCall, decisions: readonly DecisionRecord[], eventId: string = randomUUID()): NewTrailEvent[] {
  const d = call.note.description;
  const eventName = d.eventName ?? call.operation;
  const readOnly = d.readOnly ?? readOnlyByName(eventName);
  const management = d.management ?? true;
  const error = call.error;
  const recipient = d.recipientAccountId ?? call.caller.accountId;
  const eventSource = eventSourceOf(call.signingName);
  const time = call.request.receivedAt;
  const resources = d.resources ?? [];
  // A raw column must not carry a NUL (PostgreSQL refuses it and would fail the whole group commit).
  const region = call.region.replaceAll('\u0000', '');
  const record = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentityOf(call.caller),
    eventTime: cloudTrailTime(time),
    eventSource,
    eventName,
    awsRegion: region,
    // Normalized as `aws:SourceIp` is: IPv4 clients of a dual-stack socket as IPv4.
    sourceIPAddress: normalizeIp(call.request.sourceIp),
    userAgent: userAgentOf(call.request.headers),
    ...(error === undefined ? {} : { errorCode: error.code, errorMessage: error.message }),
    requestParameters: recordedMembers(d.requestParameters),
    // Read-only calls record no response (as AWS); a failed call has none.
    // Data events record no response either (a received message's body is the caller's data).
    responseElements: readOnly || !management || error !== undefined ? null : recordedMembers(call.note.responseElements),
    requestID: call.request.requestId,
    eventID: eventId,
    readOnly,
    ...(management ? {} : { resources: resources.map((r) => ({ accountId: recipient, type: r.type, ARN: r.name })) }),
    eventType: 'AwsApiCall',
    managementEvent: management,
    recipientAccountId: recipient,
    eventCategory: management ? 'Management' : 'Data',
  };
  const row = {
    region,
    eventId,
    eventTime: time.getTime(),
    eventSource,
    eventName,
    readOnly,
    management,
    username: lookupUsername(call.caller),
    accessKeyId: call.caller.accessKeyId,
    resources,
    record: JSON.stringify(record),
    ...(decisions.length === 0 ? {} : { decisions: JSON.stringify(decisions) }),
  };
  // A cross-account call that got through is also the resource owner's to see; a refused one tells the owner
  // nothing it must act on and would let any account write into another's history.
  const accounts = recipient === call.caller.accountId || error !== undefined ? [call.caller.accountId] : [call.caller.accountId, recipient];
  return accounts.map((accountId) => ({ accountId, ...row }));
}

/**
 * A decision taken outside any API call (Lambda sending to a destination as the execution role): an
 * `AwsServiceEvent` of the service that acted, so it still lands in the one audit trail.
 */
export function serviceDecisionEvent(decision: DecisionRecord, region: string, eventId: string = randomUUID()): NewTrailEvent {
  const [service = 'lambda', action = decision.action] = decision.action.split(':');
  const time = new Date(decision.time);
  const record = {
    eventVersion: EVENT_VERSION,
    userIdentity: serviceIdentity('lambda.amazonaws.com'),
    eventTime: cloudTrailTime(time),
    eventSource: eventSourceOf(service),
    eventName: action,
    awsRegion: region,
    sourceIPAddress: 'lambda.amazonaws.com',
    userAgent: 'lambda.amazonaws.com',
    ...(decision.decision === 'Allowed' ? {} : { errorCode: 'AccessDenied', errorMessage: `${decision.principal} is not authorized to perform ${decision.action}` }),
    requestParameters: null,
    responseElements: null,
    requestID: decision.requestId,
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: decision.principalAccount,
    serviceEventDetails: { principal: decision.principal, action: decision.action, resource: decision.resource },
    eventCategory: 'Management',
  };
  return {
    accountId: decision.principalAccount,
    region,
    eventId,
    eventTime: time.getTime(),
    eventSource: record.eventSource,
    eventName: action,
    readOnly: false,
    management: true,
    resources: [],
    record: JSON.stringify(record),
    decisions: JSON.stringify([decision]),
  };
}
