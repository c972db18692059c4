import { Module } from '@nestjs/common';
import { ProcurementModule } from '../procurement/procurement.module';
import { ReadingsModule } from '../readings/readings.module';
import { AutoAllocationController } from './auto-allocation.controller';
import { AutoAllocationService } from './auto-allocation.service';
import { Re100ExplainService } from './re100-explain.service';
import { Re100InputsRepository } from './re100-inputs.repository';
import { Re100Controller } from './re100.controller';
import { Re100ProgressService } from './re100-progress.service';

@Module({
  imports: [ReadingsModule, ProcurementModule],
  controllers: [Re100Controller, AutoAllocationController],
  providers: [Re100InputsRepository, Re100ProgressService, Re100ExplainService, AutoAllocationService],
  exports: [Re100InputsRepository],
})
export class Re100Module {}
