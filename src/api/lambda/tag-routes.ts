/** Tags: TagResource, UntagResource, ListTags on `/2017-03-31/tags/{ARN}`. */
import type { LambdaRoute } from './lambda-route.js';
import { onTaggable } from './iam-targets.js';
import { jsonBody } from './json-body.js';
import { bodyTagContext, untagKeysContext, withConditions } from './request-conditions.js';
import { parseTagKeys, parseTagsInput, resolveTaggableResource } from '../../control/validation/tags.js';
import { tagResource } from '../../control/tags/tag-resource.js';
import { untagResource } from '../../control/tags/untag-resource.js';
import { listTags } from '../../control/tags/list-tags.js';

const PATH = '/2017-03-31/tags/:ARN';

function arnParam(params: Readonly<Record<string, string>>): string {
  return params['ARN'] ?? '';
}

export const TAG_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: PATH,
    name: 'TagResource',
    iam: withConditions(onTaggable('lambda:TagResource'), 'lambda:TagResource', (input) => ({ context: bodyTagContext(input) })),
    async handle({ req, params, ctx, control }) {
      const arn = arnParam(params);
      const resource = resolveTaggableResource(arn, ctx);
      const { Tags } = parseTagsInput(jsonBody(req));
      await tagResource(control, ctx, resource, arn, Tags);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: PATH,
    name: 'UntagResource',
    iam: withConditions(onTaggable('lambda:UntagResource'), 'lambda:UntagResource', (input) => ({ context: untagKeysContext(input) })),
    async handle({ req, params, ctx, control }) {
      const arn = arnParam(params);
      const resource = resolveTaggableResource(arn, ctx);
      const keys = parseTagKeys(req.query);
      await untagResource(control, ctx, resource, arn, keys);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: PATH,
    name: 'ListTags',
    iam: onTaggable('lambda:ListTags'),
    async handle({ params, ctx, control }) {
      const arn = arnParam(params);
      return { status: 200, body: await listTags(control, ctx, resolveTaggableResource(arn, ctx), arn) };
    },
  },
];
