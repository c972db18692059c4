import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { pageNotFound } from '../page-errors';

/**
 * A path id of an administration page: the API's `ParseIdPipe`, but a malformed id names a page that does
 * not exist (404), as another organization's id does, rather than a refused request (400).
 */
@Injectable()
export class AdminIdPipe implements PipeTransform<string, string> {
  private readonly ids = new ParseIdPipe();

  transform(value: string, metadata: ArgumentMetadata): string {
    try {
      return this.ids.transform(value, metadata);
    } catch {
      throw pageNotFound();
    }
  }
}
