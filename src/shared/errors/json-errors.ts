/** The awsJson protocol's own errors (SQS's JSON mode today), each once. */
import { awsErrorClass } from './aws-error.js';
import { AWS_ERRORS } from './catalogue.js';

/** awsJson's one SerializationException: a body that is not a JSON object. */
export class JsonSerializationError extends awsErrorClass(AWS_ERRORS.JsonSerialization) {}

/** An `X-Amz-Target` naming no operation of the service. */
export class JsonUnknownOperationError extends awsErrorClass(AWS_ERRORS.JsonUnknownOperation) {}
