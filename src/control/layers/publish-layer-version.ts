/**
 * PublishLayerVersion: accept the zip exactly like function code (inspected, encrypted,
 * content-addressed), then take the next version number in the same transaction that stores the
 * version. Numbers come from LayerRecord.lastVersion, so they are never reused, even after every
 * version was deleted [LS test_layer_lifecycle publish_result_3]. Publishing identical content again
 * still makes a new version, as in Lambda.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { PublishLayerVersionInput } from '../validation/publish-layer-version.js';
import type { LayerVersionRecord } from '../../store/records.js';
import { formatLastModified } from '../../store/function-configuration.js';
import { acceptCode } from '../functions/code-package.js';
import { toLayerVersionOutput, type LayerVersionOutput } from './layer-view.js';

export interface PublishLayerVersionOptions {
  /** Whether the request carried the member at all: AWS echoes `[]` but omits an absent list. */
  readonly runtimesSent: boolean;
  readonly architecturesSent: boolean;
  /** Host the client used, for Content.Location. */
  readonly host: string;
}

export async function publishLayerVersion(
  deps: ControlDeps,
  ctx: ValidationContext,
  input: PublishLayerVersionInput,
  options: PublishLayerVersionOptions,
): Promise<LayerVersionOutput> {
  // A layer alone may use the whole unzipped budget; functions add their code on top and are checked then.
  // A layer alone may use the whole unzipped limit; no other layers count against it.
  const code = await acceptCode(deps.blobs, input.Content.ZipFile, 0);
  const now = deps.clock.now();
  const record = await deps.store.transact(async (tx) => {
    const layer = await tx.getLayer(ctx.accountId, input.LayerName);
    const version = (layer?.lastVersion ?? 0) + 1;
    const created: LayerVersionRecord = {
      accountId: ctx.accountId,
      layerName: input.LayerName,
      version,
      description: input.Description,
      createdDate: formatLastModified(now),
      compatibleRuntimes: options.runtimesSent ? [...input.CompatibleRuntimes] : null,
      compatibleArchitectures: options.architecturesSent ? [...input.CompatibleArchitectures] : null,
      licenseInfo: input.LicenseInfo ?? null,
      codeSha256Hex: code.sha256Hex,
      codeSize: code.codeSize,
      unzippedSize: code.unzippedSize,
    };
    await tx.putLayer({ accountId: ctx.accountId, name: input.LayerName, lastVersion: version });
    await tx.putLayerVersion(created);
    return created;
  });
  const location = deps.codeUrls.sign(options.host, { accountId: ctx.accountId, sha256Hex: record.codeSha256Hex }, now);
  return toLayerVersionOutput(ctx, record, location);
}
