import { Module } from '@nestjs/common';
import { ProcurementModule } from '../procurement/procurement.module';
import { AutoAllocationController } from './auto-allocation.controller';
import { AutoAllocationService } from './auto-allocation.service';
import { Re100ExplainService } from './re100-explain.service';
import { FiguresModule } from '../figures/figures.module';
import { Re100Controller } from './re100.controller';
import { Re100ProgressService } from './re100-progress.service';

@Module({
  imports: [FiguresModule, ProcurementModule],
  controllers: [Re100Controller, AutoAllocationController],
  providers: [Re100ProgressService, Re100ExplainService, AutoAllocationService],
  exports: [Re100ProgressService, Re100ExplainService, AutoAllocationService],
})
export class Re100Module {}
