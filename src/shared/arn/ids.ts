/**
 * Account ids, partitions and regions as ARNs carry them. The predicates say what a well-formed id
 * looks like; which of them a call site insists on (some accept any partition, some only `aws`) stays
 * the call site's choice, so each keeps the behaviour AWS showed for that operation.
 */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/** The partitions' names (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, …): Lambda's model writes `aws[a-zA-Z-]*`. */
export const AWS_PARTITION = /^aws[a-zA-Z-]*$/;

export function isAwsPartition(text: string): boolean {
  return AWS_PARTITION.test(text);
}

/** The partition lambdabox serves (it has no other). */
export const DEFAULT_PARTITION = 'aws';

/**
 * A region name as Lambda's model writes it (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eusc-de-east-1`), as regular-expression source without anchors, for the patterns that embed it.
 */
export const REGION_SOURCE = '(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';

/** The same without the `eusc-` (European Sovereign Cloud) prefix, as older model patterns have it. */
export const REGION_SOURCE_WITHOUT_EUSC = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';

const REGION = new RegExp(`^${REGION_SOURCE}$`);

export function isRegionName(text: string): boolean {
  return REGION.test(text);
}

/** The partition a region belongs to (AWS's partition table: cn-*, us-gov-*, us-iso-*, us-isob-*, eusc-*). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return DEFAULT_PARTITION;
}

/** `.`'s line terminators: what `.*` in the regular expressions these parsers replaced never matched. */
export function hasLineTerminator(text: string): boolean {
  return /[\n\r\u2028\u2029]/.test(text);
}
