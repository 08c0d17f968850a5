/**
 * What a newcomer copies on first start. The secret itself is never printed: the lines read it
 * from the 0600 credentials file, so it appears in no terminal scrollback or log.
 */
import { CREDENTIALS_PROFILE } from '../iam/admin-bootstrap.js';
import type { AdminBootstrapResult } from '../iam/admin-bootstrap.js';

export function firstStartBanner(result: AdminBootstrapResult, url: string, region: string): string {
  const lines = [
    '',
    `lambdabox: created account ${result.accountId} and its admin access key ${result.accessKeyId ?? ''}.`,
  ];
  if (result.credentialsFile !== undefined) {
    const file = result.credentialsFile;
    lines.push(
      `The key is in ${file} (mode 0600, profile "${CREDENTIALS_PROFILE}"). To use it with the AWS CLI:`,
      '',
      `  aws configure set aws_access_key_id ${result.accessKeyId ?? ''} --profile ${CREDENTIALS_PROFILE}`,
      `  aws configure set aws_secret_access_key "$(sed -n 's/^aws_secret_access_key = //p' ${file})" --profile ${CREDENTIALS_PROFILE}`,
      `  aws configure set region ${region} --profile ${CREDENTIALS_PROFILE}`,
      `  aws --profile ${CREDENTIALS_PROFILE} --endpoint-url ${url} lambda list-functions`,
      '',
      // Debian's CLI 2.9 ignores AWS_ENDPOINT_URL (it arrived in 2.13): keep --endpoint-url explicit.
      `or, without touching ~/.aws:  export AWS_SHARED_CREDENTIALS_FILE=${file} AWS_PROFILE=${CREDENTIALS_PROFILE} AWS_REGION=${region}`,
      `  aws --endpoint-url ${url} lambda list-functions`,
      '',
    );
  } else {
    lines.push('It is the key given in LAMBDABOX_ADMIN_ACCESS_KEY_ID / LAMBDABOX_ADMIN_SECRET_ACCESS_KEY.', '');
  }
  return lines.join('\n');
}
