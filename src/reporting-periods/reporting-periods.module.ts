import { Global, Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { ReportingPeriodsController } from './reporting-periods.controller';
import { ReportingPeriodsRepository } from './reporting-periods.repository';
import { ReportingPeriodsService } from './reporting-periods.service';

/** Global: every writer that can change a year's figures asks it for the year's lock. */
@Global()
@Module({
  imports: [ReportsModule],
  controllers: [ReportingPeriodsController],
  providers: [ReportingPeriodsService, ReportingPeriodsRepository],
  exports: [ReportingPeriodsService, ReportingPeriodsRepository],
})
export class ReportingPeriodsModule {}
