import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** Auditor room: reports, the audit log and the explain view. */
@Module({ imports: [WebCoreModule], controllers: [], providers: [] })
export class AuditorPagesModule {}
