import { Module } from '@nestjs/common';
import { FiguresModule } from '../figures/figures.module';
import { EmissionFactorsRepository } from './emission-factors.repository';
import { FactorSelectionController } from './factor-selection.controller';
import { FactorSelectionService } from './factor-selection.service';
import { FactorSetsController } from './factor-sets.controller';
import { FactorSetsService } from './factor-sets.service';
import { Scope2Controller } from './scope2.controller';
import { Scope2ExplainService } from './scope2-explain.service';
import { Scope2Service } from './scope2.service';

/** Emission factor sets (C-4) and Scope 2, location- and market-based (S2-*). */
@Module({
  // FiguresModule: a year's figures read once (consumption, claims and their sources, factors, coverage).
  imports: [FiguresModule],
  controllers: [FactorSelectionController, FactorSetsController, Scope2Controller],
  providers: [
    EmissionFactorsRepository,
    FactorSetsService,
    FactorSelectionService,
    Scope2Service,
    Scope2ExplainService,
  ],
  exports: [
    EmissionFactorsRepository,
    FactorSetsService,
    FactorSelectionService,
    Scope2Service,
    Scope2ExplainService,
  ],
})
export class EmissionsModule {}
