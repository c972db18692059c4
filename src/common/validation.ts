import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import { AppError, ErrorDetail } from './app-error';
import { FieldRule } from './error-codes';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    // A required field that is missing is said once, not as every rule its absent value breaks.
    if (error.value === undefined && error.constraints && !('whitelistValidation' in error.constraints)) {
      return [{ path, code: 'isDefined', message: `${path} is required` }];
    }
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]): ErrorDetail =>
      rule === 'whitelistValidation'
        ? { path, code: 'UNKNOWN_FIELD', message: `${path} is not a known field` }
        : { path, code: rule as FieldRule, message },
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * One strict pipe for every body, query and parameter: unknown fields, wrong types and bad enums answer
 * 400 `VALIDATION_FAILED` with the path of each offending field.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Values are read (to tell a missing field) but never put in an answer.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new AppError(
        'VALIDATION_FAILED',
        details.length === 1 ? details[0].message : `${details.length} fields are invalid`,
        details,
      );
    },
  });
}

/** An energy or other exact quantity as clients send it: a decimal string or a JSON number (checked exactly later). */
export const IsDecimalInput = () =>
  ValidateBy({
    name: 'isDecimalInput',
    validator: {
      validate: (value: unknown) => typeof value === 'string' || typeof value === 'number',
      defaultMessage: () => '$property must be a decimal string such as "12.345" or a number',
    },
  });

/** A query flag: the strings `true` and `false` become booleans; anything else is left for `@IsBoolean()` to refuse. */
export const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/**
 * A whole number from the query: only decimal digits become a number (`12`), so `0x10`, `1e1` or ` 10`
 * stay text for `@IsInt()` to refuse, instead of being read as 16 or 10.
 */
export const queryInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
