/** Every Lambda route group, in one list. Add a group by importing its array here. */
import type { LambdaRoute } from './lambda-route.js';
import { FUNCTION_ROUTES } from './function-routes.js';
import { VERSION_ROUTES } from './version-routes.js';
import { ALIAS_ROUTES } from './alias-routes.js';
import { LAYER_ROUTES } from './layer-routes.js';
import { TAG_ROUTES } from './tag-routes.js';
import { CONCURRENCY_ROUTES } from './concurrency-routes.js';
import { EVENT_INVOKE_CONFIG_ROUTES } from './event-invoke-config-routes.js';
import { ACCOUNT_ROUTES } from './account-routes.js';
import { INVOKE_ROUTES } from './invoke-routes.js';
import { INVOKE_ASYNC_ROUTES } from './invoke-async-routes.js';
import { PERMISSION_ROUTES } from './permission-routes.js';

export const LAMBDA_ROUTES: readonly LambdaRoute[] = [
  ...FUNCTION_ROUTES,
  ...VERSION_ROUTES,
  ...ALIAS_ROUTES,
  ...LAYER_ROUTES,
  ...TAG_ROUTES,
  ...CONCURRENCY_ROUTES,
  ...EVENT_INVOKE_CONFIG_ROUTES,
  ...ACCOUNT_ROUTES,
  ...INVOKE_ROUTES,
  ...INVOKE_ASYNC_ROUTES,
  ...PERMISSION_ROUTES,
];
