import { Module } from '@nestjs/common';
import { EmissionFactorsRepository } from '../emissions/emission-factors.repository';
import { FiguresRepository } from './figures.repository';
import { YearFiguresService } from './year-figures.service';

/** A reporting year's figures read once, consistently (`YearFigures`); the presenters live in their modules. */
@Module({
  providers: [FiguresRepository, EmissionFactorsRepository, YearFiguresService],
  exports: [YearFiguresService],
})
export class FiguresModule {}
