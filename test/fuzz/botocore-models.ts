/**
 * The botocore service models Debian's awscli ships (the same JSON the AWS SDKs are generated from):
 * operations, their HTTP bindings and input shapes. A `.json.gz` model is gunzipped in memory.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const BOTOCORE_DATA = '/usr/lib/python3/dist-packages/awscli/botocore/data';

export interface ShapeRef {
  readonly shape: string;
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  readonly locationName?: string;
  readonly flattened?: boolean;
}

export interface Shape {
  readonly type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  readonly members?: Readonly<Record<string, ShapeRef>>;
  readonly required?: readonly string[];
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly flattened?: boolean;
  readonly payload?: string;
  readonly streaming?: boolean;
}

export interface Operation {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string };
  readonly input?: { readonly shape: string };
}

export interface ServiceModel {
  readonly metadata: { readonly protocol: string; readonly apiVersion: string; readonly signingName?: string; readonly endpointPrefix: string; readonly targetPrefix?: string };
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** Loads `<service>/<newest api version>/service-2.json(.gz)`. */
export function loadModel(service: string, dataDir = BOTOCORE_DATA): ServiceModel {
  const dir = join(dataDir, service);
  const versions = readdirSync(dir).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error(`no botocore model for ${service} under ${dir}`);
  const plain = join(dir, newest, 'service-2.json');
  const raw = existsSync(plain) ? readFileSync(plain) : gunzipSync(readFileSync(`${plain}.gz`));
  return JSON.parse(raw.toString('utf8')) as ServiceModel;
}
