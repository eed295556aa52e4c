import type { Response, ValidationError } from '@warren/sdk';

/** The closed set of failures a domain may report; http/error-handler.ts maps them to statuses. */
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'gone'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'expectation_failed'
  | 'internal'
  | 'unavailable'
  | 'storage_full';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  gone: 410,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  expectation_failed: 417,
  internal: 500,
  unavailable: 503,
  storage_full: 507,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    readonly validations?: ValidationError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): Response {
    const body: Response = { message: this.message };
    if (this.detail) body.detail = this.detail;
    if (this.validations?.length) body.validations = this.validations;
    return body;
  }
}

export const NOT_FOUND_MESSAGE = 'Resource not found or you do not have access to this resource';
export const SIGNED_OUT_MESSAGE = 'You are signed out or your session has expired. Please sign in again to continue.';

export const notFound = (detail?: string) => new ApiError('not_found', NOT_FOUND_MESSAGE, detail);
export const forbidden = (detail?: string) => new ApiError('forbidden', 'Forbidden.', detail);
export const unauthorized = (detail: string) => new ApiError('unauthorized', SIGNED_OUT_MESSAGE, detail);
export const conflict = (message: string, detail?: string) => new ApiError('conflict', message, detail);
export const badRequest = (message: string, detail?: string, validations?: ValidationError[]) =>
  new ApiError('bad_request', message, detail, validations);
export const validationFailed = (validations: ValidationError[], message = 'Validation failed.') =>
  new ApiError('validation', message, undefined, validations);
