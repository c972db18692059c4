import { Module } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminPagesModule } from './admin/admin-pages.module';
import { AuditorPagesModule } from './auditor/auditor-pages.module';
import { OfficerPagesModule } from './officer/officer-pages.module';
import { ProcurementPagesModule } from './procurement/procurement-pages.module';
import { NOT_FOUND_PAGE } from '../common/all-exceptions.filter';
import { FiguresModule } from '../figures/figures.module';
import { Re100Module } from '../re100/re100.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { COMMON_TEXT } from './i18n/common';
import { anonymousWeb } from './page-exception.filter';
import { WebCoreModule } from './web-core.module';
import { SessionController } from './session/session.controller';
import { notFoundPage } from './views/error-page';

/**
 * The web pages (executives, officers, auditors, admins): server-rendered HTML over the same services and
 * presenters as the API, signed in with a session cookie.
 */
@Module({
  imports: [
    WebCoreModule,
    Re100Module,
    FiguresModule,
    OfficerPagesModule,
    ProcurementPagesModule,
    AuditorPagesModule,
    AdminPagesModule,
  ],
  controllers: [SessionController, DashboardController],
  providers: [
    DashboardService,
    {
      provide: NOT_FOUND_PAGE,
      useValue: (req: Request, res: Response) => {
        const web = req.web ?? anonymousWeb(req);
        res.status(404).type('html').send(notFoundPage(web, COMMON_TEXT[web.language]));
      },
    },
  ],
  exports: [NOT_FOUND_PAGE],
})
export class WebModule {}
