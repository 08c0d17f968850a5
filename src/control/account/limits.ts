/**
 * Account-wide Lambda quotas lambdabox enforces, in one place: the control plane checks reserved
 * concurrency against them and the invoke path admits executions against the same figures.
 * Values are AWS's defaults per region
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */

/** Concurrent executions per account and region (AWS default, a soft quota there). */
export const ACCOUNT_CONCURRENCY_LIMIT = 1000;

/** Reserved concurrency may never leave fewer than this many executions unreserved. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/** Storage for all deployment packages and layer archives of an account (75 GB). */
export const TOTAL_CODE_SIZE_LIMIT = 80_530_636_800;
