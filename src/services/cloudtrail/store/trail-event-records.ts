/**
 * One CloudTrail event as the store keeps it: the record exactly as it is delivered (`record`, the JSON of
 * AWS's record fields) plus the columns LookupEvents filters on. `decisions` is the internal stream of the
 * authorization decisions taken for the call: kept beside the event, never returned by LookupEvents nor
 * written to trail files, since a decision names the policy statements of whoever owns the resource.
 */

/** A resource an event names, as LookupEvents reports it (`ResourceType`, `ResourceName`). */
export interface TrailEventResource {
  /** e.g. `AWS::Lambda::Function`, `AWS::IAM::Role`, `AWS::SQS::Queue`. */
  readonly type: string;
  /** The resource's name or ARN, as the call named it. */
  readonly name: string;
}

export interface NewTrailEvent {
  /** The account whose event history holds this row (the caller's; a cross-account call is held by both). */
  readonly accountId: string;
  readonly region: string;
  /** The record's `eventID`, unique per account. */
  readonly eventId: string;
  /** Epoch milliseconds of `eventTime`. */
  readonly eventTime: number;
  /** e.g. `lambda.amazonaws.com`. */
  readonly eventSource: string;
  /** e.g. `CreateFunction20150331`. */
  readonly eventName: string;
  readonly readOnly: boolean;
  /** False for data events (Lambda's `Invoke`): they reach trails that select them, never LookupEvents. */
  readonly management: boolean;
  /** LookupEvents' `Username`: the user's name, the role session's name, or `root`. */
  readonly username?: string;
  readonly accessKeyId?: string;
  readonly resources: readonly TrailEventResource[];
  /** The CloudTrail record as JSON (what LookupEvents returns as `CloudTrailEvent` and trail files hold). */
  readonly record: string;
  /** JSON array of the call's authorization decisions (`DecisionRecord`s): the internal stream. */
  readonly decisions?: string;
}

export interface StoredTrailEvent extends NewTrailEvent {
  /** Insertion order across all accounts; assigned by the store, never reused. */
  readonly seq: number;
}
