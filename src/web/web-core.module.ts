import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CsrfInterceptor } from './csrf.interceptor';
import { PageExceptionFilter } from './page-exception.filter';
import { PageGuard } from './page.guard';
import { WebSessionsRepository } from './session/web-sessions.repository';
import { WebSessionsService } from './session/web-sessions.service';

/** What every page module needs: sessions and the page guard (import it in a module of pages). */
@Module({
  imports: [AuthModule],
  providers: [WebSessionsRepository, WebSessionsService, PageGuard, CsrfInterceptor, PageExceptionFilter],
  exports: [AuthModule, WebSessionsService, PageGuard, CsrfInterceptor, PageExceptionFilter],
})
export class WebCoreModule {}
