/**
 * Every refusal of the admin API is JSON `{error, message}`: `error` a stable code a script
 * can branch on, `message` a sentence for a person. A bad parameter also names it (`field`,
 * and `in`: path, query or body), so the caller need not parse the sentence.
 */
import { JsonSchema } from './operation';

export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unavailable'
  | 'internal';

export type ParamLocation = 'path' | 'query' | 'body';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; in?: ParamLocation; [more: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AdminError';
  }

  toJSON(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const badParameter = (where: ParamLocation, field: string, message: string): AdminError =>
  new AdminError(400, 'bad-request', message, { field, in: where });

export const notFound = (message: string): AdminError => new AdminError(404, 'not-found', message);

export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Every error answer.',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      description: 'A stable code.',
      enum: [
        'bad-request',
        'unauthorized',
        'forbidden',
        'not-found',
        'method-not-allowed',
        'conflict',
        'payload-too-large',
        'unsupported-media-type',
        'unavailable',
        'internal',
      ],
    },
    message: { type: 'string', description: 'What went wrong, for a person.' },
    field: { type: 'string', description: 'For bad-request: the parameter or body field at fault (e.g. `limit`, `params.batch`).' },
    in: { type: 'string', enum: ['path', 'query', 'body'], description: 'For bad-request: where that field was.' },
  },
};
