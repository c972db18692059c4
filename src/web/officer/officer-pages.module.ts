import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** Officer workspace: sites and meters, readings, imports, reporting years. */
@Module({ imports: [WebCoreModule], controllers: [], providers: [] })
export class OfficerPagesModule {}
