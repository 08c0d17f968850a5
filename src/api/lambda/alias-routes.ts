/**
 * Aliases: CreateAlias, ListAliases, GetAlias, UpdateAlias, DeleteAlias
 * (https://docs.aws.amazon.com/goto/WebAPI/lambda/CreateAlias and the pages beside it).
 */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import type { ValidationContext } from '../../control/validation/context.js';
import { jsonBody } from './json-body.js';
import { resolveFunctionRef } from '../../control/validation/function-ref.js';
import { parseAliasName, parseCreateAliasInput, parseUpdateAliasInput } from '../../control/validation/alias.js';
import { parseListAliasesQuery } from '../../control/validation/pagination.js';
import { createAlias } from '../../control/aliases/create-alias.js';
import { listAliases } from '../../control/aliases/list-aliases.js';
import { getAlias } from '../../control/aliases/get-alias.js';
import { updateAlias } from '../../control/aliases/update-alias.js';
import { deleteAlias } from '../../control/aliases/delete-alias.js';

const COLLECTION = '/2015-03-31/functions/:FunctionName/aliases';
const ITEM = `${COLLECTION}/:Name`;

/**
 * The function an alias operation works on. A qualifier in {FunctionName} is ignored: aliases
 * belong to the function, not to one of its versions.
 */
function functionName(params: Readonly<Record<string, string>>, ctx: ValidationContext): string {
  return resolveFunctionRef(params['FunctionName'] ?? '', undefined, ctx).name;
}

export const ALIAS_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: COLLECTION,
    name: 'CreateAlias',
    iam: onFunction('lambda:CreateAlias'),
    async handle({ req, params, ctx, control }) {
      const fn = functionName(params, ctx);
      const input = parseCreateAliasInput(jsonBody(req));
      return { status: 201, body: await createAlias(control, ctx, fn, input) };
    },
  },
  {
    method: 'GET',
    path: COLLECTION,
    name: 'ListAliases',
    iam: onFunction('lambda:ListAliases'),
    async handle({ req, params, ctx, control }) {
      const fn = functionName(params, ctx);
      const query = parseListAliasesQuery(req.query);
      return { status: 200, body: await listAliases(control, ctx, fn, query) };
    },
  },
  {
    method: 'GET',
    path: ITEM,
    name: 'GetAlias',
    iam: onFunction('lambda:GetAlias'),
    async handle({ params, ctx, control }) {
      const fn = functionName(params, ctx);
      const name = parseAliasName(params['Name'] ?? '');
      return { status: 200, body: await getAlias(control, ctx, fn, name) };
    },
  },
  {
    method: 'PUT',
    path: ITEM,
    name: 'UpdateAlias',
    iam: onFunction('lambda:UpdateAlias'),
    async handle({ req, params, ctx, control }) {
      const fn = functionName(params, ctx);
      const name = params['Name'] ?? '';
      const input = parseUpdateAliasInput(jsonBody(req), name);
      return { status: 200, body: await updateAlias(control, ctx, fn, name, input) };
    },
  },
  {
    method: 'DELETE',
    path: ITEM,
    name: 'DeleteAlias',
    iam: onFunction('lambda:DeleteAlias'),
    async handle({ params, ctx, control }) {
      const fn = functionName(params, ctx);
      const name = parseAliasName(params['Name'] ?? '');
      await deleteAlias(control, ctx, fn, name);
      return { status: 204 };
    },
  },
];
