import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module';
import { Re100ExplainService } from './re100-explain.service';
import { Re100InputsRepository } from './re100-inputs.repository';
import { Re100Controller } from './re100.controller';
import { Re100ProgressService } from './re100-progress.service';

@Module({
  imports: [ReadingsModule],
  controllers: [Re100Controller],
  providers: [Re100InputsRepository, Re100ProgressService, Re100ExplainService],
  exports: [Re100InputsRepository],
})
export class Re100Module {}
