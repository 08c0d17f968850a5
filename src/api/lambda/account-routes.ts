/** Account: GetAccountSettings. */
import type { LambdaRoute } from './lambda-route.js';
import { onAccount } from './iam-targets.js';
import { getAccountSettings } from '../../control/account/get-account-settings.js';

export const ACCOUNT_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'GET',
    path: '/2016-08-19/account-settings',
    name: 'GetAccountSettings',
    iam: onAccount('lambda:GetAccountSettings'),
    async handle({ ctx, control }) {
      return { status: 200, body: await getAccountSettings(control, ctx) };
    },
  },
];
