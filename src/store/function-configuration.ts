/**
 * The FunctionConfiguration shape exactly as Lambda returns it (botocore `FunctionConfiguration`).
 * Stored per version; `Environment.Variables` is never stored here in plaintext: the store keeps it
 * sealed beside the configuration and the service merges it back on read.
 */
export type FunctionState = 'Pending' | 'Active' | 'Inactive' | 'Failed';
export type LastUpdateStatus = 'Successful' | 'Failed' | 'InProgress';

export interface LayerReference {
  readonly Arn: string;
  readonly CodeSize: number;
}

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  KMSKeyArn?: string;
  TracingConfig: { Mode: 'Active' | 'PassThrough' };
  DeadLetterConfig?: { TargetArn?: string };
  RevisionId: string;
  Layers?: LayerReference[];
  State: FunctionState;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: LastUpdateStatus;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: 'Zip' | 'Image';
  Architectures: string[];
  EphemeralStorage: { Size: number };
  SnapStart: { ApplyOn: 'None' | 'PublishedVersions'; OptimizationStatus: 'Off' | 'On' };
  LoggingConfig: { LogFormat: 'Text' | 'JSON'; LogGroup: string; ApplicationLogLevel?: string; SystemLogLevel?: string };
  RuntimeVersionConfig?: { RuntimeVersionArn: string };
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; VpcId?: string };
  MasterArn?: string;
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/** AWS's timestamp format for FunctionConfiguration.LastModified: `2018-11-27T15:10:45.123+0000`. */
export function formatLastModified(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
