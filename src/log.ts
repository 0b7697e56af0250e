// Structured JSON logs (pino). Callers log hashed user ids only; redaction is the safety net.
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** Paths that must never reach a log line, whatever a caller passes. */
export const REDACTED_PATHS = [
  'channelSecret',
  'channelAccessToken',
  'userId',
  'groupId',
  'roomId',
  'replyToken',
  'password',
  'authorization',
  '*.channelSecret',
  '*.channelAccessToken',
  '*.userId',
  '*.groupId',
  '*.roomId',
  '*.replyToken',
  '*.password',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-line-signature"]',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'kotae' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: no line is lost when the process exits right after logging.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A logger that drops everything, for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
