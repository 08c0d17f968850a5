/**
 * The model patterns Lambda prints in its ValidationExceptions. Where real AWS was recorded
 * (LocalStack `test_lambda_api.snapshot.json`, marked [LS]) the recorded text wins over botocore,
 * because the service validates against its own, newer model; the rest come from botocore
 * service-2.json @0e6e2404 ([BM]).
 */
import { awsPattern } from './violations.js';

/** FunctionName shape (CreateFunction, UpdateFunction*, PublishVersion, aliases, concurrency). [LS test_function_arns] */
export const FUNCTION_NAME = awsPattern(
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
);

/** NamespacedFunctionName shape (GetFunction, DeleteFunction, Invoke, event-invoke-config, policy). [LS test_function_name_and_qualifier_validation] */
export const NAMESPACED_FUNCTION_NAME = awsPattern(
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?',
);

/** ?Qualifier (NumericLatestPublishedOrAliasQualifier), 1-128. [LS add_permission_fn_qualifier_invalid] */
export const QUALIFIER = awsPattern('\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+');

/** [LS create_lambda_exceptions/invalid_role_arn_exc] */
export const ROLE_ARN = awsPattern('arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');

/** [BM Handler] max 128 */
export const HANDLER = awsPattern('[^\\s]+');

/** [BM KMSKeyArn, ResourceArn] */
export const KMS_KEY_ARN = awsPattern('(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()');
export const RESOURCE_ARN = KMS_KEY_ARN;

/** [BM CodeSigningConfigArn] max 200 */
export const CODE_SIGNING_CONFIG_ARN = awsPattern(
  'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}',
);

/** LayerVersionArn, 1-2048. [LS layer_function_exceptions/add_layer_arn_without_version_exc] */
export const LAYER_VERSION_ARN = awsPattern(
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)',
);

/** LayerName path parameter, 1-140. [BM LayerName] */
export const LAYER_NAME = awsPattern(
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
);

/** Tag resource ARN. [LS test_tag_exceptions/tag_lambda_invalidarn] */
export const TAGGABLE_RESOURCE = awsPattern(
  'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)',
);

/** TagKey 1-128, TagValue 0-256. [BM TagKey/TagValue] */
export const TAG = awsPattern('([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)', 'u');

/** [BM EnvironmentVariableName] — note the `+`: names have at least two characters. */
export const ENVIRONMENT_VARIABLE_NAME = awsPattern('[a-zA-Z]([a-zA-Z0-9_])+');

/** [BM Alias] 1-128 */
export const ALIAS_NAME = awsPattern('(?!^[0-9]+$)([a-zA-Z0-9-_]+)');

/** [BM VersionWithLatestPublished] 1-1024 */
export const FUNCTION_VERSION = awsPattern('(\\$LATEST(\\.PUBLISHED)?|[0-9]+)');

/** [LS routing_config_exc_version_latest] AdditionalVersion 1-1024 */
export const ADDITIONAL_VERSION = awsPattern('[0-9]+');

/** Event-invoke destination, max 350. [LS put_destination_invalid_arn_pattern] */
export const DESTINATION_ARN = awsPattern(
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
);

/** [LS invalid_vpc_config_subnet] / [LS invalid_vpc_config_security_group], each 0-1024 */
export const SUBNET_ID = awsPattern('subnet-[0-9a-z]*');
export const SECURITY_GROUP_ID = awsPattern('sg-[0-9a-zA-Z]*');

/** [BM LogGroup] 1-512 */
export const LOG_GROUP = awsPattern('[\\.\\-_/#A-Za-z0-9]+');

/** [BM S3Bucket] 3-63 */
export const S3_BUCKET = awsPattern('[0-9A-Za-z\\.\\-_]*(?<!\\.)');

/** [BM FileSystemArn] max 200, [BM LocalMountPath] max 160 */
export const FILE_SYSTEM_ARN = awsPattern(
  'arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:access-point/fsap-[a-f0-9]{17}',
);
export const LOCAL_MOUNT_PATH = awsPattern('^/mnt/[a-zA-Z0-9-_.]+$');

/** ListFunctions ?MasterRegion [BM MasterRegion] */
export const MASTER_REGION = awsPattern('ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}');
