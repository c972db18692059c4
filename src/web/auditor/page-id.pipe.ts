import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { pageNotFound } from '../page-errors';

/**
 * A path id of a page, checked by the API's ParseIdPipe; one that is not an id names no page, so it is a
 * 404 page, as another organization's id is (the API answers 400 for it).
 */
@Injectable()
export class PageIdPipe implements PipeTransform<string, string> {
  private readonly ids = new ParseIdPipe();

  transform(value: string, metadata: ArgumentMetadata): string {
    try {
      return this.ids.transform(value, metadata);
    } catch (error) {
      if (error instanceof AppError) throw pageNotFound();
      throw error;
    }
  }
}
