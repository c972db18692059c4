import { Module } from '@nestjs/common';
import { FiguresModule } from '../figures/figures.module';
import { MetersModule } from '../meters/meters.module';
import { SitesModule } from '../sites/sites.module';
import { ReadingsImportController } from './import/readings-import.controller';
import { ReadingsImportService } from './import/readings-import.service';
import { ReadingIngestionService } from './reading-ingestion.service';
import { ReadingsController } from './readings.controller';
import { ReadingsRepository } from './readings.repository';
import { RegisterResetService } from './register-reset.service';
import { ReadingVoidService } from './reading-void.service';
import { ConsumptionService } from './consumption.service';
import { DataQualityService } from './data-quality.service';
import { ReadingsQueryController } from './readings-query.controller';
import { ReadingsQueryService } from './readings-query.service';

@Module({
  imports: [FiguresModule, MetersModule, SitesModule],
  controllers: [ReadingsController, ReadingsQueryController, ReadingsImportController],
  providers: [
    ReadingsRepository,
    ReadingIngestionService,
    ConsumptionService,
    DataQualityService,
    ReadingsImportService,
    RegisterResetService,
    ReadingVoidService,
    ReadingsQueryService,
  ],
  exports: [
    ReadingsRepository,
    ReadingIngestionService,
    ConsumptionService,
    DataQualityService,
    ReadingsImportService,
    RegisterResetService,
    ReadingVoidService,
    ReadingsQueryService,
  ],
})
export class ReadingsModule {}
