import { pino, type Logger } from 'pino';
import type { Config } from './config';

/** Structured JSON logs on stderr (stdout stays free for command output). */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string): Logger {
  return pino({ name, level: config.logLevel }, pino.destination(2));
}
