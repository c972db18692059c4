import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';

const HEALTH_TIMEOUT_MS = 3_000;

/** Liveness and database status for load balancers and orchestrators. 503 while the database is unreachable. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async check(@Res({ passthrough: true }) res: Response) {
    const started = process.hrtime.bigint();
    let timer: NodeJS.Timeout | undefined;
    try {
      // A database that stopped answering (not closed) must not hang the health check.
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS)),
        ),
      ]);
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return {
        status: 'ok',
        database: { status: 'up', latencyMs: Math.round(latencyMs * 10) / 10 },
      };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: { status: 'down' } };
    } finally {
      clearTimeout(timer);
    }
  }
}
