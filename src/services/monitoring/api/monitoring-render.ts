/**
 * CloudWatch answers on the wire. JSON 1.0 (awsQueryCompatible): timestamps as epoch seconds, errors as
 * `{"__type": "com.amazonaws.cloudwatch#InvalidParameterValueException", "message": …}` with
 * `x-amzn-query-error: InvalidParameterValue;Sender`, which the SDK reads to name the error by its query
 * code. Query: `<ActionResponse xmlns=…><ActionResult>…` with `<member>` lists and `<entry>` maps,
 * `<ErrorResponse>` for errors.
 */
import type { ApiResponse } from '../../../http/api-request.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { respelled } from '../../../shared/errors/aws-error.js';
import { AWS_ERRORS } from '../../../shared/errors/catalogue.js';
import { renderQueryError } from '../../../http/query/query-errors.js';
import { flat } from '../../../http/query/xml.js';
import type { XmlValue } from '../../../http/query/xml.js';
import { monitoringJsonType } from '../monitoring-errors.js';

export const MONITORING_XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

/** Errors raised outside the service (authorization, signatures, protocol) under their CloudWatch spelling. */
const QUERY_CODES: Readonly<Record<string, string>> = {
  [AWS_ERRORS.AccessDenied.code]: AWS_ERRORS.QueryAccessDenied.code,
  ServiceException: 'InternalServiceError',
};

/** The JSON `__type` of errors raised outside the service. */
const JSON_TYPES: Readonly<Record<string, string>> = {
  [AWS_ERRORS.AccessDenied.code]: 'com.amazon.coral.service#AccessDeniedException',
  ServiceException: 'com.amazonaws.cloudwatch#InternalServiceFault',
};

function queryCode(err: AwsError): string {
  return QUERY_CODES[err.code] ?? err.code;
}

export function renderJsonError(err: AwsError): ApiResponse {
  const fault = err.faultType === 'User' ? 'Sender' : 'Receiver';
  const type = monitoringJsonType(err) ?? JSON_TYPES[err.code] ?? err.code;
  return {
    status: err.status,
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${queryCode(err)};${fault}`, ...err.headers },
    body: { __type: type, message: err.message, ...Object.fromEntries(Object.entries(err.fields).filter(([, v]) => typeof v === 'string')) },
  };
}

export function renderXmlError(err: AwsError, requestId: string): ApiResponse {
  const code = queryCode(err);
  return renderQueryError(code === err.code ? err : respelled(err, code), requestId, MONITORING_XMLNS);
}

/** A result for the JSON protocol: Dates as epoch seconds, undefined members dropped. */
export function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** Members that are maps in the model (`<entry><key/><value/></entry>` in XML). */
const MAP_MEMBERS = new Set(['ExtendedStatistics']);

export function toXml(value: unknown): XmlValue {
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toXml);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, XmlValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (MAP_MEMBERS.has(k) && typeof v === 'object' && v !== null) {
        out[k] = { entry: flat(Object.entries(v).map(([key, val]) => ({ key, value: toXml(val) }))) };
      } else out[k] = toXml(v);
    }
    return out;
  }
  return undefined;
}
