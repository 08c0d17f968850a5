/**
 * CloudWatch Logs filter patterns (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html)
 * compiled once per request into a test on one message: the empty pattern matches every event, `{ … }` is a
 * JSON pattern, `[ … ]` a space-delimited one, anything else terms. FilterPatternError for what does not parse.
 */
import { FilterPatternError } from './filter-pattern-error.js';
import { compileJsonPattern } from './json-pattern.js';
import { compileSpacePattern } from './space-pattern.js';
import { compileTermPattern } from './term-pattern.js';

export type MessageMatcher = (message: string) => boolean;

export const MATCH_ALL: MessageMatcher = () => true;

export function compileFilterPattern(pattern: string | undefined): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return MATCH_ALL;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) return compileSpacePattern(text);
  if (text.startsWith('}') || text.startsWith(']')) throw new FilterPatternError('unbalanced pattern');
  return compileTermPattern(text);
}
