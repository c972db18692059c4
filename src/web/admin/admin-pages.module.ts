import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** Administration: members and roles, API keys, organization settings and RE100 commitment. */
@Module({ imports: [WebCoreModule], controllers: [], providers: [] })
export class AdminPagesModule {}
