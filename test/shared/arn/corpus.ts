/**
 * Texts to compare ARN parsers on: hand-picked edge cases plus a seeded, deterministic mix of the
 * tokens ARNs are made of (so a run is reproducible and needs no clock).
 */
const TOKENS = [
  'arn', 'aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'Aws', 'aws1', 'awsx', '', '', 'lambda', 'sqs', 'sns', 'events', 'iam', 'sts',
  'us-east-1', 'eu-west-1', 'eusc-de-east-1', 'cn-north-1', 'us-gov-west-1', '123456789012', '111111111111', '12345678901',
  '1234567890123', 'function', 'layer', 'role', 'user', 'group', 'policy', 'root', 'f', 'my-fn', 'fn.x', 'fn_1', '$LATEST',
  '$LATEST.PUBLISHED', '1', '007', '0', 'prod', 'a b', '\n', 'x\ny', 'event-bus', 'default', 'q.fifo', 'queue', 'code-signing-config',
  'csc-0123456789abcdefg', 'capacity-provider', 'event-source-mapping', 'role/', 'user/', 'policy/', 'path/', '/', '//', 'é', '*',
  'a'.repeat(65), 'b'.repeat(81), 'service-role', 'awslayer',
];

const SEPARATORS = [':', ':', ':', ':', ':', '/', '/', ''];

/** A small linear congruential generator: the same texts on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const HAND_PICKED = [
  '', 'arn', 'arn:', 'arn::', 'arn:aws', 'arn:aws:', 'arn:aws:sqs', 'arn:aws:sqs:', 'arn:aws:sqs:us-east-1', 'arn:aws:sqs:us-east-1:123456789012',
  'arn:aws:sqs:us-east-1:123456789012:', 'arn:aws:sqs:us-east-1:123456789012:q', 'arn:aws-cn:sqs:us-east-1:123456789012:q',
  'arn:aws:sqs::123456789012:q', 'arn:aws:sqs:us-east-1:123456789012:q:x', 'arn:aws:sqs:us-east-1:123456789012:q.fifo',
  'arn::sqs:us-east-1:123456789012:q', 'ARN:aws:sqs:us-east-1:123456789012:q',
  'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f:prod',
  'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST', 'arn:aws:lambda:us-east-1:123456789012:function:f:1:2',
  'arn:aws:lambda:us-east-1:123456789012:function:f:', 'arn:aws:lambda:us-east-1:123456789012:function::1',
  'arn:aws:lambda:us-east-1:123456789012:function:fn.x', 'arn:aws:lambda::123456789012:function:f', 'arn::lambda:us-east-1:123456789012:function:f',
  'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f', 'arn:aws:lambda:us-east-1:12345678901:function:f',
  'arn:aws:lambda:us-east-1:123456789012:function:f\n', 'arn:aws:lambda:us-east-1:123456789012:function:f:a\nb',
  'arn:aws:lambda:us-east-1:123456789012:function:f/x', 'arn:aws:lambda:us-east-1:123456789012:layer:l',
  'arn:aws:lambda:us-east-1:123456789012:layer:l:1', 'arn:aws:lambda:us-east-1:123456789012:layer:l:007',
  'arn:aws:lambda:us-east-1:123456789012:layer:l:x', 'arn:aws:lambda:us-east-1:123456789012:layer:l:', 'arn:aws:lambda:us-east-1:123456789012:layer:l.x:1',
  'arn::lambda:us-east-1:123456789012:layer:l:1', 'arn:aws:lambda:::awslayer:l',
  'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg', 'arn:aws:lambda:us-east-1:123456789012:function:f:a:b:c',
  'arn:aws:iam::123456789012:role/r', 'arn:aws:iam::123456789012:role/path/r', 'arn:aws:iam::123456789012:role/a:b/r',
  'arn:aws:iam::123456789012:role//r', 'arn:aws:iam::123456789012:role/', 'arn:aws:iam::123456789012:role', 'arn:aws:iam::123456789012:roles/r',
  'arn:aws:iam::123456789012:role/a b/r', 'arn:aws:iam::123456789012:role/a\nb/r', 'arn:aws:iam::123456789012:role/r\nx',
  'arn:aws:iam::123456789012:role/' + 'r'.repeat(64), 'arn:aws:iam::123456789012:role/' + 'r'.repeat(65), 'arn:aws:iam::123456789012:role/r:x',
  'arn:aws-cn:iam::123456789012:role/r', 'arn::iam::123456789012:role/r', 'arn:aws:iam:us-east-1:123456789012:role/r',
  'arn:aws:iam::123456789012:user/u', 'arn:aws:iam::123456789012:user/p/q/u', 'arn:aws:iam::123456789012:group/g', 'arn:aws:iam::123456789012:root',
  'arn:aws-cn:iam::123456789012:root', 'arn::iam::123456789012:root', 'arn:aws:iam::123456789012:root:x', 'arn:aws:iam::aws:policy/P',
  'arn:aws:iam::aws:policy/service-role/P', 'arn:aws:iam::123456789012:policy/P', 'arn:aws:iam::123456789012:policy//P',
  'arn:aws:iam::123456789012:policy/a:b/P', 'arn:aws:iam::123456789012:policy/', 'arn:aws:iam::12345:policy/P',
  'arn:aws:sns:us-east-1:123456789012:t', 'arn:aws:sns:us-east-1:123456789012:t.fifo', 'arn:aws:events:us-east-1:123456789012:event-bus/default',
  'arn:aws:events:us-east-1:123456789012:event-bus/a/b', 'arn:aws:events:us-east-1:123456789012:rule/r', 'arn:aws:s3:::bucket',
  'f', 'my-fn', 'f:1', 'f:prod', 'f:$LATEST', '123456789012:function:f', 'us-east-1:123456789012:function:f:1', 'function:f', 'function',
  'eusc-de-east-1:f', 'us-east-1:f', '123456789012:f', 'a:b:c', ':', 'f:', ':f', '123456789012',
];

export function corpus(size = 20000, seed = 11): string[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const texts = [...HAND_PICKED];
  for (let i = 0; i < size; i++) {
    const count = 1 + Math.floor(random() * 9);
    let text = random() < 0.85 ? 'arn:' : '';
    for (let j = 0; j < count; j++) text += (j === 0 ? '' : pick(SEPARATORS)) + pick(TOKENS);
    texts.push(text);
  }
  // Mutations of the well-formed ones: one or two sections replaced, dropped or doubled.
  const arns = HAND_PICKED.filter((t) => t.startsWith('arn:'));
  for (let i = 0; i < size; i++) {
    const sections = pick(arns).split(':');
    for (let k = random() < 0.5 ? 1 : 2; k > 0; k--) {
      const at = Math.floor(random() * sections.length);
      const r = random();
      if (r < 0.6) sections[at] = pick(TOKENS);
      else if (r < 0.8) sections.splice(at, 1);
      else sections.splice(at, 0, pick(TOKENS));
    }
    texts.push(sections.join(random() < 0.95 ? ':' : '/'));
  }
  return texts;
}
