/**
 * One JSON logger (winston) for the process. LOG_LEVEL picks the level; "silent" turns it
 * off (the test suite uses it so mocha's output stays readable).
 */
import winston from 'winston';

export type Logger = winston.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'ucrm-gateway'): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    defaultMeta: { service: name },
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
