import { Module } from '@nestjs/common';
import { Re100InputsRepository } from './re100-inputs.repository';
import { Re100Controller } from './re100.controller';
import { Re100ProgressService } from './re100-progress.service';

@Module({ controllers: [Re100Controller], providers: [Re100InputsRepository, Re100ProgressService] })
export class Re100Module {}
