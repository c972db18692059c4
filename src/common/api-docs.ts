import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes';

export class ErrorDetailDto {
  @ApiProperty({ example: 'country' })
  path: string;

  @ApiProperty({
    example: 'isCountryCode',
    description: 'A code of the catalog (docs/errors.md), or the field rule broken in lower camel case',
  })
  code: string;

  @ApiProperty({ example: 'country must be an ISO 3166-1 alpha-2 code such as DE or KR' })
  message: string;
}

/** The one error shape of the API (docs/errors.md). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'Stable machine-readable code; each is described in docs/errors.md',
    enum: Object.keys(ERROR_CODES),
  })
  code: string;

  @ApiProperty({ example: 'country must be an ISO 3166-1 alpha-2 code such as DE or KR' })
  message: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details: ErrorDetailDto[];

  @ApiProperty({
    example: '3f0e8a8e-3c3b-4e0e-9d7f-2c1a5b0c9e11',
    description: 'Also in the X-Request-Id header',
  })
  requestId: string;
}

const ERRORS: Record<number, string> = {
  400: 'Malformed input: unknown fields, wrong types, bad enums or ids (`VALIDATION_FAILED`, `MALFORMED_BODY`)',
  401: 'Missing, invalid or expired credentials (`UNAUTHENTICATED`)',
  403: 'The role or key may not do this (`FORBIDDEN`)',
  404: 'Missing, or belongs to another organization (`NOT_FOUND`)',
  409: 'Conflicts with existing data (`ALREADY_EXISTS`, `IN_USE`, ...)',
  413: 'Body larger than the limit (`PAYLOAD_TOO_LARGE`)',
  415: 'Body is not JSON (`UNSUPPORTED_MEDIA_TYPE`)',
  422: 'Well-formed but breaks a rule (e.g. `RE100_MILESTONE_TOO_LOOSE`)',
  429: 'Too many attempts (`RATE_LIMITED`); see `Retry-After`',
};

/** Documents the error answers every authenticated endpoint can give. */
export function ApiErrors(...statuses: number[]) {
  const list = statuses.length ? statuses : [400, 401, 403, 404, 409, 413, 415, 422];
  return applyDecorators(
    ...list.map((status) => ApiResponse({ status, description: ERRORS[status], type: ErrorResponseDto })),
  );
}

/** Documents the optional `Idempotency-Key` header of a create route. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays of the same request with the same key answer the first answer and write nothing',
  });
