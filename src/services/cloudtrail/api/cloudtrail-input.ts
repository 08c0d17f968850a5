/** CloudTrail request members: the awsJson 1.1 reader (timestamps are epoch seconds: `date()`). */
import { JsonMembers } from '../../../http/json-members.js';

export type CloudTrailInput = JsonMembers;
export const CloudTrailInput = JsonMembers;
