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
    format: winston.format.combine(winston.format.timestamp(), jsonLine()),
    transports: [new winston.transports.Console()],
  });
}

// What winston's transports write: the formatted line, under the symbol logform documents.
const MESSAGE = Symbol.for('message');
const safeJson = winston.format.json();

/**
 * One JSON object per line, keys in the order they were logged. winston's own json format
 * builds a sorting, cycle-safe stringifier for every line (measured: about half of the cost
 * of an exchange's log line); plain JSON.stringify does for the flat records logged here,
 * and the safe one still takes whatever it cannot (cycles, BigInt).
 */
export const jsonLine = winston.format((info) => {
  try {
    (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(info);
    return info;
  } catch {
    return safeJson.transform(info, {}) as winston.Logform.TransformableInfo;
  }
});
