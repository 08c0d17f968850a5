/** PublishLayerVersion: the {LayerName} path segment and the body. */
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import { checkCodeShape, codeMembers, requireZipSource, type CodeInput } from './code.js';
import type { ValidationContext } from './context.js';
import { resolveLayerName } from './layer-arn.js';
import { AWS_ARCHITECTURES } from './architectures.js';
import { CREATABLE_RUNTIMES, type Runtime } from './runtimes.js';
import { inEnum, maxLength, membersSatisfy, notNull, present, ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface PublishLayerVersionInput {
  LayerName: string;
  Content: CodeInput & { ZipFile: Buffer };
  CompatibleRuntimes: Runtime[];
  CompatibleArchitectures: ('x86_64' | 'arm64')[];
  Description: string;
  LicenseInfo?: string;
}

const { ImageUri: _imageUri, ...contentMembers } = codeMembers;

const members = {
  Content: wire.struct(contentMembers),
  CompatibleRuntimes: wire.list(wire.stringItem()),
  CompatibleArchitectures: wire.list(wire.stringItem()),
  Description: wire.string(),
  LicenseInfo: wire.string(),
};

function isIn<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

/**
 * `layerName` is the percent-decoded {LayerName} segment (a name or a layer ARN). Publishing into
 * another account's layer is refused with AccessDenied, as for function ARNs.
 */
export function parsePublishLayerVersionInput(
  body: unknown,
  layerName: string,
  ctx?: ValidationContext,
): PublishLayerVersionInput {
  const layer = resolveLayerName(layerName);
  if (ctx !== undefined && layer.accountId !== undefined && (layer.accountId !== ctx.accountId || layer.region !== ctx.region)) {
    throw new AccessDeniedError();
  }
  const input = decodeBody(members, body);
  const runtimes = input.CompatibleRuntimes;
  const architectures = input.CompatibleArchitectures;

  const v = new ViolationList();
  v.required('content', input.Content);
  if (input.Content !== undefined) checkCodeShape(input.Content, 'content.', v);
  if (runtimes !== undefined) {
    if (runtimes.length > 15) v.add('compatibleRuntimes', runtimes, maxLength(15));
    // [LS publish_layer_version_exc_invalid_runtime_arch]: the enum is printed without a not-null suffix here.
    if (runtimes.some((r) => !isIn(CREATABLE_RUNTIMES, r))) v.add('compatibleRuntimes', runtimes, inEnum(CREATABLE_RUNTIMES));
  }
  if (architectures !== undefined) {
    if (architectures.length > 2) v.add('compatibleArchitectures', architectures, maxLength(2));
    if (architectures.some((a) => !isIn(AWS_ARCHITECTURES, a))) {
      v.add('compatibleArchitectures', architectures, membersSatisfy([inEnum(AWS_ARCHITECTURES), notNull]));
    }
  }
  v.string('description', input.Description, { max: 256 });
  v.string('licenseInfo', input.LicenseInfo, { max: 512 });
  v.throwIfAny();

  const zip = requireZipSource(present(input.Content, 'content'), 'Content.ZipFile', 'layer content');
  return {
    LayerName: layer.name,
    Content: { ZipFile: zip },
    CompatibleRuntimes: (runtimes ?? []).filter((r): r is Runtime => isIn(CREATABLE_RUNTIMES, r)),
    CompatibleArchitectures: (architectures ?? []).filter((a): a is 'x86_64' | 'arm64' => isIn(AWS_ARCHITECTURES, a)),
    Description: input.Description ?? '',
    ...(input.LicenseInfo === undefined ? {} : { LicenseInfo: input.LicenseInfo }),
  };
}
