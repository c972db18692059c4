import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      const path = `params.${metadata.data ?? 'id'}`;
      const message = `${metadata.data ?? 'id'} must be a UUID`;
      throw new AppError('VALIDATION_FAILED', message, [{ path, code: 'isUuid', message }]);
    }
    return value.toLowerCase();
  }
}
