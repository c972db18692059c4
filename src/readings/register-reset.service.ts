import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { RequestContext } from '../auth/principal';
import { AppError, conflict, DomainProblem, invalid, notFound, unprocessable } from '../common/app-error';
import { boundsProblem } from './reading-input';
import { energyDetail, toWh } from '../common/energy';
import { parseInstant } from '../common/time';
import { RegisterResetDto } from './dto/ingest.dto';
import { RegisterResetResultDto } from './dto/ingest-result.dto';
import { ReadingsRepository } from './readings.repository';

/**
 * A declared meter exchange or register reset (M-2): the next read is compared with the value given here,
 * never with the old register, so a drop to a new meter's low count is not taken for consumption.
 */
@Injectable()
export class RegisterResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReadingsRepository,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async declare(
    ctx: RequestContext,
    meterId: string,
    dto: RegisterResetDto,
  ): Promise<RegisterResetResultDto> {
    const [meter] = await this.repository.metersFor(ctx.organizationId, [meterId], []);
    if (!meter) throw notFound('Meter', meterId);
    if (meter.kind !== 'register')
      throw new AppError('METER_KIND_MISMATCH', 'Only register meters are reset');
    const value = toWh(dto.value ?? 0, dto.unit ?? meter.unit);
    if (!value.ok || value.wh < 0n) {
      const detail: DomainProblem = value.ok
        ? { path: 'value', code: 'NEGATIVE_VALUE', message: 'value must not be negative' }
        : energyDetail('value', value);
      throw unprocessable([detail]);
    }
    const at = parseInstant(dto.at)!;
    const outside = boundsProblem(0, at, at, meter, Date.now());
    if (outside) throw invalid('at', outside.code, `at: ${outside.message}`);
    const year = (await this.repository.reportingYearOf(ctx.organizationId))(at, meter.timeZone);
    return this.dataSource.transaction(async (em) => {
      // The meter's writers' lock, and the meter looked up by organization under it (as ingestion does).
      const held = (await this.repository.lockAndLoadMeters(em, ctx.organizationId, [meter.id])).get(
        meter.id,
      );
      if (!held) throw notFound('Meter', meterId);
      if (held.timeZone !== meter.timeZone || held.kind !== meter.kind || held.unit !== meter.unit) {
        throw conflict('METER_CHANGED', 'The meter changed meanwhile; declare the reset again');
      }
      await this.periods.assertOpen(em, ctx, year);
      const latest = (await this.repository.latestRegisters(em, ctx.organizationId, [meter.id])).get(
        meter.id,
      );
      if (latest && at <= latest.at) {
        throw conflict(
          'REGISTER_OUT_OF_ORDER',
          `A reset must come after the latest register read (${latest.at.toISOString()})`,
        );
      }
      const series = latest ? latest.series + 1 : 0;
      await this.repository.insertRegisterReads(em, ctx.organizationId, [
        { index: 0, meterId: meter.id, at, registerWh: value.wh, quality: 0, series, kind: 'reset' },
      ]);
      const result = { meterId: meter.id, at, series, registerWh: value.wh.toString(), reason: dto.reason };
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'register_reset',
        entityId: meter.id,
        after: result,
      });
      return result;
    });
  }
}
