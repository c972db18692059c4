import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, notFound } from '../common/app-error';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { VoidReadingsQueryDto, VoidResultDto } from './dto/void.dto';
import { periodAt } from './reading-range';
import { ReadingsRepository } from './readings.repository';
import { reportingYearOfLocalDate } from './reporting-year';

/**
 * Voids readings stored in error (a misaligned interval, the wrong meter): they leave the readings and
 * the rollups, and stay in each reading's revision history and in one audit entry. Interval meters only:
 * a register meter's consumption is derived from its reads, which are kept as read; a wrong read is put
 * right by declaring a register reset after it.
 */
@Injectable()
export class ReadingVoidService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReadingsRepository,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async void(ctx: RequestContext, meterId: string, query: VoidReadingsQueryDto): Promise<VoidResultDto> {
    return this.dataSource.transaction(async (em) => {
      // The writers' lock of the meter, and the meter looked up by organization under it (404 otherwise):
      // no push, import or deletion of the meter runs meanwhile.
      const [meter] = (await this.repository.lockAndLoadMeters(em, ctx.organizationId, [meterId])).values();
      if (!meter) throw notFound('Meter', meterId);
      if (meter.kind === 'register') {
        throw new AppError(
          'METER_KIND_MISMATCH',
          "A register meter's consumption is derived from its register reads, which are kept as read: " +
            'declare a register reset (POST /meters/{id}/register-resets) after a wrong read instead',
        );
      }
      const { from, to } = periodAt(query, meter.timeZone) as { from: Date; to: Date };
      // Invariant 7: the years of the readings voided, by their site-local dates (as rollups count them),
      // held open to the end of the transaction; 409 PERIOD_LOCKED when one is finalized.
      const startMonth = await this.repository.reportingStartMonth(ctx.organizationId, em);
      const months = await this.repository.localMonthsWithReadings(em, ctx.organizationId, meter, {
        from,
        to,
      });
      await this.periods.assertOpen(
        em,
        ctx,
        months.map((m) => reportingYearOfLocalDate(`${m}-01`, startMonth)),
      );
      const reason = query.reason.trim();
      const voided = await this.repository.voidReadings(
        em,
        ctx.organizationId,
        meter,
        { from, to },
        reason,
        ctx,
      );
      const result: VoidResultDto = {
        meterId: meter.id,
        from,
        to,
        reason,
        voided: voided.readings,
        voidedWh: voided.wh.toString(),
        days: voided.days,
      };
      if (voided.readings > 0) {
        await this.audit.record(em, ctx, {
          action: 'void',
          entityType: 'readings',
          entityId: meter.id,
          after: {
            ...result,
            firstStart: voided.first,
            lastEnd: voided.lastEnd,
          },
        });
      }
      return result;
    });
  }
}
