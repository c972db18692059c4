import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';

/** Liveness and database status for load balancers and orchestrators. 503 while the database is unreachable. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async check(@Res({ passthrough: true }) res: Response) {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return {
        status: 'ok',
        database: { status: 'up', latencyMs: Math.round(latencyMs * 10) / 10 },
      };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: { status: 'down' } };
    }
  }
}
