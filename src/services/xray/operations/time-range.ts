/** The StartTime/EndTime pair GetTraceSummaries and GetServiceGraph require. */
import { XrayInvalidRequestError } from '../xray-errors.js';

export interface TimeRange {
  /** Epoch seconds. */
  readonly start: number;
  readonly end: number;
}

export function timeRange(start: Date | undefined, end: Date | undefined): TimeRange {
  if (start === undefined) throw new XrayInvalidRequestError('StartTime is required.');
  if (end === undefined) throw new XrayInvalidRequestError('EndTime is required.');
  if (start.getTime() > end.getTime()) throw new XrayInvalidRequestError('StartTime must be before EndTime.');
  return { start: start.getTime() / 1000, end: end.getTime() / 1000 };
}
