import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../../auth/principal';
import { Scope2ExplainQueryDto } from '../../../emissions/dto/scope2-query.dto';
import { Scope2ExplainService } from '../../../emissions/scope2-explain.service';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { ExplainQueryDto } from '../../../re100/dto/explain.dto';
import { RE100_RULESETS } from '../../../re100/engine';
import { Re100ExplainService } from '../../../re100/re100-explain.service';
import { ReportTemplates } from '../../../reports/templates/report-templates';
import { Language } from '../../i18n/language';
import { pageNotFound } from '../../page-errors';
import { bodyOf, fieldOf, FormFields, validated } from '../../views/form';
import { currentReportingYear } from '../organization-time';
import { ExplainView } from './explain-view';

/** `?year=`: absent means the current reporting year; anything but a year from 2000 to 2100 is no such page. */
function yearOf(raw: string): number | null {
  if (raw === '') return null;
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100) throw pageNotFound();
  return Number(raw);
}

/**
 * The explain pages over the API's own Re100ExplainService (`GET /re100/explain`: the RE %, a market or a
 * claim) and Scope2ExplainService (`GET /emissions/scope2/explain?siteId=`), with the query validated by
 * the API's DTOs; the words for codes come from the report templates, as the reports say them.
 */
@Injectable()
export class ExplainPagesService {
  constructor(
    private readonly re100: Re100ExplainService,
    private readonly scope2: Scope2ExplainService,
    private readonly figures: YearFiguresService,
    private readonly templates: ReportTemplates,
  ) {}

  async view(ctx: RequestContext, language: Language, query: FormFields): Promise<ExplainView> {
    const year =
      yearOf(fieldOf(query, 'year').trim()) ??
      currentReportingYear(await this.figures.organization(ctx.organizationId));
    const base = {
      year,
      words: this.templates.text(language),
      rulesets: RE100_RULESETS.map((r) => ({ id: r.id, label: r.label })),
    };
    const siteId = fieldOf(query, 'siteId').trim();
    if (siteId) {
      const checked = await validated(Scope2ExplainQueryDto, { year, siteId });
      if (checked.errors) throw pageNotFound();
      const explain = await this.scope2.explain(ctx, year, checked.value.siteId!);
      return { ...base, kind: 'scope2', ruleset: null, explain };
    }
    const asked = bodyOf({
      market: fieldOf(query, 'market'),
      claimId: fieldOf(query, 'claimId'),
      ruleset: fieldOf(query, 'ruleset'),
    });
    const checked = await validated(ExplainQueryDto, { ...asked, year });
    if (checked.errors) throw pageNotFound();
    const explain = await this.re100.explain(ctx, checked.value);
    return { ...base, kind: 're100', ruleset: checked.value.ruleset ?? null, explain };
  }
}
