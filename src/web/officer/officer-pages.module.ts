import { Module } from '@nestjs/common';
import { FiguresModule } from '../../figures/figures.module';
import { MetersModule } from '../../meters/meters.module';
import { ProcurementModule } from '../../procurement/procurement.module';
import { ReadingsModule } from '../../readings/readings.module';
import { ReportingPeriodsModule } from '../../reporting-periods/reporting-periods.module';
import { ReportsModule } from '../../reports/reports.module';
import { SitesModule } from '../../sites/sites.module';
import { WebCoreModule } from '../web-core.module';
import { ImportUploads } from './imports/import-uploads';
import { ImportsPagesController } from './imports/imports-pages.controller';
import { ImportsPagesService } from './imports/imports-pages.service';
import { SitesPagesController } from './sites/sites-pages.controller';
import { SitesPagesService } from './sites/sites-pages.service';
import { YearsPagesController } from './years/years-pages.controller';
import { YearsPagesService } from './years/years-pages.service';

/** Officer workspace: sites and meters, readings, imports, reporting years. */
@Module({
  imports: [
    WebCoreModule,
    FiguresModule,
    SitesModule,
    MetersModule,
    ReadingsModule,
    ProcurementModule,
    ReportingPeriodsModule,
    ReportsModule,
  ],
  controllers: [SitesPagesController, ImportsPagesController, YearsPagesController],
  providers: [SitesPagesService, ImportsPagesService, ImportUploads, YearsPagesService],
})
export class OfficerPagesModule {}
