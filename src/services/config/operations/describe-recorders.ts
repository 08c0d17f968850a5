/**
 * DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus: every account has one recorder,
 * `default`, that the operator runs and tenants cannot stop, delete or narrow. Configuration history is a
 * security control (who changed which function or role, when): an account that could switch it off could
 * hide its own changes. So no Put/Start/Stop/DeleteConfigurationRecorder is served.
 */
import type { ConfigCall, ConfigDeps } from '../config-deps.js';
import { authorizeConfig } from '../config-deps.js';
import { NoSuchConfigurationRecorderError } from '../config-errors.js';
import { CONFIG_RESOURCE_TYPES } from '../configuration-item.js';

const RECORDER = 'default';

function only(names: readonly string[] | undefined): void {
  const other = names?.find((n) => n !== RECORDER);
  if (other !== undefined) throw new NoSuchConfigurationRecorderError(`Cannot find configuration recorder with the specified name '${other}'.`);
}

export async function describeConfigurationRecorders(deps: ConfigDeps, call: ConfigCall, names?: readonly string[]): Promise<object> {
  await authorizeConfig(deps, call, 'DescribeConfigurationRecorders');
  only(names);
  return {
    ConfigurationRecorders: [
      {
        name: RECORDER,
        // The service-linked role AWS Config records with; lambdabox reads its own tables and needs none.
        roleARN: `arn:aws:iam::${call.caller.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: false, includeGlobalResourceTypes: true, resourceTypes: [...CONFIG_RESOURCE_TYPES] },
      },
    ],
  };
}

export async function describeConfigurationRecorderStatus(deps: ConfigDeps, call: ConfigCall, names?: readonly string[]): Promise<object> {
  await authorizeConfig(deps, call, 'DescribeConfigurationRecorderStatus');
  only(names);
  const started = deps.startedAt.getTime() / 1000;
  return {
    ConfigurationRecordersStatus: [
      { name: RECORDER, lastStartTime: started, recording: true, lastStatus: 'SUCCESS', lastStatusChangeTime: started },
    ],
  };
}
