import { Module } from '@nestjs/common';
import { Re100Module } from '../re100/re100.module';
import { ReadingsModule } from '../readings/readings.module';
import { EmissionFactorsRepository } from './emission-factors.repository';
import { FactorSelectionController } from './factor-selection.controller';
import { FactorSelectionService } from './factor-selection.service';
import { FactorSetsController } from './factor-sets.controller';
import { FactorSetsService } from './factor-sets.service';
import { Scope2Controller } from './scope2.controller';
import { Scope2ExplainService } from './scope2-explain.service';
import { Scope2InputsRepository } from './scope2-inputs.repository';
import { Scope2Service } from './scope2.service';

/** Emission factor sets (C-4) and Scope 2, location- and market-based (S2-*). */
@Module({
  // Re100Module: the RE100 engine's inputs (consumption, claims and their sources); ReadingsModule: coverage.
  imports: [Re100Module, ReadingsModule],
  controllers: [FactorSelectionController, FactorSetsController, Scope2Controller],
  providers: [
    EmissionFactorsRepository,
    FactorSetsService,
    FactorSelectionService,
    Scope2InputsRepository,
    Scope2Service,
    Scope2ExplainService,
  ],
})
export class EmissionsModule {}
