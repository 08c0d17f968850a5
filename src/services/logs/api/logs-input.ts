/** CloudWatch Logs request members: the awsJson 1.1 reader (times are `long` epoch milliseconds: `long()`). */
import { JsonMembers } from '../../../http/json-members.js';

export type LogsInput = JsonMembers;
export const LogsInput = JsonMembers;
