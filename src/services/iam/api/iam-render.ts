/** IAM entities as the XML members IAM returns (botocore iam 2010-05-08 shapes). */
import type { AccessKeyRecord } from '../../../store/records.js';
import type { GroupRecord, ManagedPolicyRecord, PolicyVersionRecord, RoleRecord, UserRecord } from '../../../store/iam-records.js';
import type { XmlObject, XmlValue } from '../../../http/query/xml.js';

/** IAM's timestamps carry no milliseconds. */
export function iamDate(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Policy documents travel URL-encoded in IAM's XML (the CLI decodes them, SDK users call decodeURIComponent). */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

export function renderTags(tags: Readonly<Record<string, string>>): XmlValue[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function boundary(arn: string | undefined): XmlObject | undefined {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

/** `full` adds what only GetUser/CreateUser return (boundary, tags). */
export function renderUser(user: UserRecord, full: boolean): XmlObject {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: iamDate(user.createdAt),
    PermissionsBoundary: full ? boundary(user.permissionsBoundaryArn) : undefined,
    Tags: full && Object.keys(user.tags).length > 0 ? renderTags(user.tags) : undefined,
  };
}

export function renderRole(role: RoleRecord, full: boolean): XmlObject {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: iamDate(role.createdAt),
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: full ? boundary(role.permissionsBoundaryArn) : undefined,
    Tags: full && Object.keys(role.tags).length > 0 ? renderTags(role.tags) : undefined,
    RoleLastUsed: full ? {} : undefined,
  };
}

export function renderGroup(group: GroupRecord): XmlObject {
  return { Path: group.path, GroupName: group.name, GroupId: group.groupId, Arn: group.arn, CreateDate: iamDate(group.createdAt) };
}

export function renderPolicy(policy: ManagedPolicyRecord, attachmentCount: number, full: boolean): XmlObject {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: full ? policy.description : undefined,
    CreateDate: iamDate(policy.createdAt),
    UpdateDate: iamDate(policy.updatedAt),
    Tags: full && Object.keys(policy.tags).length > 0 ? renderTags(policy.tags) : undefined,
  };
}

export function renderVersion(version: PolicyVersionRecord, isDefault: boolean, withDocument: boolean): XmlObject {
  return {
    Document: withDocument ? encodeDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: isDefault,
    CreateDate: iamDate(version.createdAt),
  };
}

export function renderKeyMetadata(userName: string, key: AccessKeyRecord): XmlObject {
  return { UserName: userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: iamDate(key.createdAt) };
}
