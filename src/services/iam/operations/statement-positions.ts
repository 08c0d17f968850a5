/**
 * Line/column spans of the statements in a policy's JSON text, as SimulatePrincipalPolicy reports them in
 * MatchedStatements (1-based lines and columns, end just past the closing brace).
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: Position;
  readonly end: Position;
}

export function statementSpans(text: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let line = 1;
  let column = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastKeyAtDepth1 = '';
  let statementArrayDepth = -1;
  let statementStart: Position | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const here: Position = { line, column };
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        if (depth === 1) lastKeyAtDepth1 = text.slice(stringStart + 1, i);
      }
    } else if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === '{' || c === '[') {
      depth++;
      if (c === '[' && depth === 2 && lastKeyAtDepth1 === 'Statement') statementArrayDepth = 2;
      const isStatement =
        c === '{' &&
        ((statementArrayDepth === 2 && depth === 3) || (statementArrayDepth === -1 && depth === 2 && lastKeyAtDepth1 === 'Statement'));
      if (isStatement) statementStart = here;
    } else if (c === '}' || c === ']') {
      const closingStatement =
        c === '}' && statementStart !== undefined && ((statementArrayDepth === 2 && depth === 3) || (statementArrayDepth === -1 && depth === 2));
      if (closingStatement && statementStart !== undefined) {
        spans.push({ start: statementStart, end: { line, column: column + 1 } });
        statementStart = undefined;
      }
      if (c === ']' && depth === 2 && statementArrayDepth === 2) statementArrayDepth = -3;
      depth--;
    }
    if (c === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return spans;
}
