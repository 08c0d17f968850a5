/**
 * A trace's summary (GetTraceSummaries' TraceSummary): what the filter expression tests and what the response
 * carries. Flags are any segment's or subsegment's; response time and HTTP are the entry segment's.
 */
import type { LoadedTrace, SegmentDoc } from './loaded-trace.js';
import { objectAt, round3, rootSegment, subsegmentsOf, traceDuration } from './loaded-trace.js';
import type { ServiceKey } from './service-ids.js';
import { serviceIdShape, traceServices } from './service-ids.js';

export type AnnotationValue = string | number | boolean;

export interface TraceFacts {
  readonly id: string;
  readonly duration?: number;
  readonly responseTime?: number;
  readonly hasFault: boolean;
  readonly hasError: boolean;
  readonly hasThrottle: boolean;
  readonly isPartial: boolean;
  readonly http: { readonly url?: string; readonly status?: number; readonly method?: string; readonly userAgent?: string; readonly clientIp?: string };
  readonly annotations: ReadonlyMap<string, readonly AnnotationValue[]>;
  readonly users: readonly string[];
  readonly services: readonly ServiceKey[];
  readonly entryPoint?: ServiceKey;
  readonly resourceArns: readonly string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function traceFacts(trace: LoadedTrace): TraceFacts {
  const all: SegmentDoc[] = trace.segments.flatMap((s) => [s.doc, ...subsegmentsOf(s.doc)]);
  const annotations = new Map<string, AnnotationValue[]>();
  const users = new Set<string>();
  const arns = new Set<string>();
  for (const d of all) {
    for (const [k, v] of Object.entries(objectAt(d, 'annotations') ?? {})) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      const list = annotations.get(k) ?? [];
      if (!list.includes(v)) list.push(v);
      annotations.set(k, list);
    }
    const user = str(d['user']);
    if (user !== undefined) users.add(user);
    const arn = str(d['resource_arn']);
    if (arn !== undefined) arns.add(arn);
  }
  const root = rootSegment(trace);
  const request = objectAt(objectAt(root?.doc, 'http'), 'request');
  const r = root?.record;
  const services = traceServices(trace);
  const entry = r === undefined ? undefined : services.find((s) => s.name === r.name && s.type === r.origin);
  const duration = traceDuration(trace);
  const url = str(request?.['url']);
  const method = str(request?.['method']);
  const userAgent = str(request?.['user_agent']);
  const clientIp = str(request?.['client_ip']);
  return {
    id: trace.id,
    ...(duration === undefined ? {} : { duration }),
    ...(r?.endTime === undefined ? {} : { responseTime: round3(r.endTime - r.startTime) }),
    hasFault: all.some((d) => d['fault'] === true),
    hasError: all.some((d) => d['error'] === true),
    hasThrottle: all.some((d) => d['throttle'] === true),
    isPartial: trace.segments.some((s) => s.record.inProgress),
    http: {
      ...(url === undefined ? {} : { url }),
      ...(r?.httpStatus === undefined ? {} : { status: r.httpStatus }),
      ...(method === undefined ? {} : { method }),
      ...(userAgent === undefined ? {} : { userAgent }),
      ...(clientIp === undefined ? {} : { clientIp }),
    },
    annotations,
    users: [...users],
    services,
    ...(entry === undefined ? {} : { entryPoint: entry }),
    resourceArns: [...arns],
  };
}

function annotationValueShape(v: AnnotationValue): Record<string, unknown> {
  if (typeof v === 'number') return { NumberValue: v };
  if (typeof v === 'boolean') return { BooleanValue: v };
  return { StringValue: v };
}

export function traceSummaryShape(f: TraceFacts): Record<string, unknown> {
  const h = f.http;
  return {
    Id: f.id,
    ...(f.duration === undefined ? {} : { Duration: f.duration }),
    ...(f.responseTime === undefined ? {} : { ResponseTime: f.responseTime }),
    HasFault: f.hasFault,
    HasError: f.hasError,
    HasThrottle: f.hasThrottle,
    IsPartial: f.isPartial,
    Http: {
      ...(h.url === undefined ? {} : { HttpURL: h.url }),
      ...(h.status === undefined ? {} : { HttpStatus: h.status }),
      ...(h.method === undefined ? {} : { HttpMethod: h.method }),
      ...(h.userAgent === undefined ? {} : { UserAgent: h.userAgent }),
      ...(h.clientIp === undefined ? {} : { ClientIp: h.clientIp }),
    },
    Annotations: Object.fromEntries(
      [...f.annotations].map(([k, values]) => [k, values.map((v) => ({ AnnotationValue: annotationValueShape(v), ServiceIds: [] }))]),
    ),
    Users: f.users.map((u) => ({ UserName: u, ServiceIds: [] })),
    ServiceIds: f.services.map(serviceIdShape),
    ResourceARNs: f.resourceArns.map((arn) => ({ ARN: arn })),
    InstanceIds: [],
    AvailabilityZones: [],
    ...(f.entryPoint === undefined ? {} : { EntryPoint: serviceIdShape(f.entryPoint) }),
    FaultRootCauses: [],
    ErrorRootCauses: [],
    ResponseTimeRootCauses: [],
    Revision: 1,
  };
}
