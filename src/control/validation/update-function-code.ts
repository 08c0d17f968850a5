/** UpdateFunctionCode body: the new zip plus Publish, DryRun, RevisionId and Architectures. */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { checkArchitectures, lambdaboxArchitecture, type LambdaboxArchitectures } from './architectures.js';
import { checkCodeShape, codeMembers, requireZipSource } from './code.js';
import type { ValidationContext } from './context.js';
import { ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface UpdateFunctionCodeInput {
  ZipFile: Buffer;
  Publish: boolean;
  DryRun: boolean;
  RevisionId?: string;
  Architectures?: LambdaboxArchitectures;
}

const members = {
  ...codeMembers,
  Publish: wire.boolean(),
  DryRun: wire.boolean(),
  RevisionId: wire.string(),
  Architectures: wire.list(wire.stringItem()),
};

export function parseUpdateFunctionCodeInput(body: unknown, _ctx: ValidationContext): UpdateFunctionCodeInput {
  const input = decodeBody(members, body);
  const v = new ViolationList();
  checkCodeShape(input, '', v);
  checkArchitectures(input.Architectures, v);
  v.throwIfAny();

  if (input.ImageUri !== undefined && input.ZipFile === undefined) {
    // Every lambdabox function is a Zip package. [LS test_lambda_zip_file_to_image/zipfile-to-image-error]
    throw new InvalidParameterValueError("Please don't provide ImageUri when updating a function with packageType Zip.");
  }
  const zip = requireZipSource(input, 'ZipFile', 'function code');
  return {
    ZipFile: zip,
    Publish: input.Publish ?? false,
    DryRun: input.DryRun ?? false,
    ...(input.RevisionId === undefined ? {} : { RevisionId: input.RevisionId }),
    ...(input.Architectures === undefined ? {} : { Architectures: lambdaboxArchitecture(input.Architectures) }),
  };
}
