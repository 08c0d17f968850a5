/** Preconditions shared by every mutation of $LATEST, with AWS's messages. */
import type { VersionRecord } from '../../store/records.js';
import { PreconditionFailedError, ResourceConflictError } from '../../shared/errors/lambda-errors.js';

export function assertRevision(current: VersionRecord, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== current.config.RevisionId) {
    throw new PreconditionFailedError(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}

export function assertNotInProgress(current: VersionRecord): void {
  if (current.config.LastUpdateStatus === 'InProgress') {
    throw new ResourceConflictError(
      `The operation cannot be performed at this time. An update is in progress for resource: ${current.config.FunctionArn}`,
    );
  }
  if (current.config.State === 'Pending') {
    throw new ResourceConflictError(
      `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
    );
  }
}
