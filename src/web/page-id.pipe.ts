import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { pageNotFound } from './page-errors';

/**
 * A path id of a page: the API's `ParseIdPipe`, but a malformed id is a page that does not exist (404), as
 * is another organization's (invariant 5), rather than a refused request.
 */
@Injectable()
export class PageIdPipe implements PipeTransform<string, string> {
  private readonly ids = new ParseIdPipe();

  transform(value: string, metadata: ArgumentMetadata): string {
    try {
      return this.ids.transform(value, metadata);
    } catch {
      throw pageNotFound();
    }
  }
}
