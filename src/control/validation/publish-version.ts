/** PublishVersion body. The CodeSha256 and RevisionId comparisons need the stored $LATEST: the service does them. */
import { ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface PublishVersionInput {
  CodeSha256?: string;
  Description?: string;
  RevisionId?: string;
}

const members = { CodeSha256: wire.string(), Description: wire.string(), RevisionId: wire.string() };

export function parsePublishVersionInput(body: unknown): PublishVersionInput {
  const input = decodeBody(members, body);
  const v = new ViolationList();
  v.string('description', input.Description, { max: 256 });
  v.throwIfAny();
  return {
    ...(input.CodeSha256 === undefined ? {} : { CodeSha256: input.CodeSha256 }),
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    ...(input.RevisionId === undefined ? {} : { RevisionId: input.RevisionId }),
  };
}
