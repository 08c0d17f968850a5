/**
 * Structured JSON logs (pino). Fields that could carry secrets are redacted at the logger, as a
 * second line of defence behind never logging them in the first place (SECURITY.md, invariant 4).
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  readonly level?: string;
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'lambdabox' },
    redact: {
      paths: [
        'secretAccessKey',
        '*.secretAccessKey',
        'SecretAccessKey',
        '*.SecretAccessKey',
        'sessionToken',
        '*.sessionToken',
        'headers.authorization',
        'req.headers.authorization',
        'Environment',
        '*.Environment',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
