import { Texts } from '../../i18n/language';
import type { YearState } from './years-view';

const en = {
  title: 'Reporting years',
  intro:
    'A finalized year does not change: its readings, claims and emission factors are locked until an admin reopens it, with a reason kept in the audit log.',
  year: 'Year',
  state: 'State',
  states: { open: 'Open', finalized: 'Finalized', reopened: 'Reopened' } satisfies Record<YearState, string>,
  current: 'current',
  finalizedAt: (at: string) => `Finalized ${at}`,
  reopenedAt: (at: string) => `Reopened ${at}`,
  reason: 'Reason',
  fromReport: 'From report',
  actions: 'Actions',
  report: 'Ready report of the year',
  reportOption: (language: string, finished: string, id: string) => `${finished} · ${language} · ${id}`,
  finalize: (year: number) => `Finalize ${year}`,
  finalizeConfirm: (year: number) =>
    `Finalize ${year}? Its figures are locked until an admin reopens the year.`,
  noReport: 'No ready report of this year: make one first.',
  makeReport: 'Reports',
  reopen: (year: number) => `Reopen ${year}`,
  reopenReason: 'Why the finalized figures must change',
  reopenConfirm: (year: number) => `Reopen ${year}? Its figures may change again.`,
  adminsOnly: 'Only admins finalize and reopen years.',
  finalized: (year: string) => `${year} is finalized.`,
  reopened: (year: string) => `${year} is reopened.`,
  languages: { en: 'English', ko: 'Korean' } as Record<string, string>,
  utc: 'UTC',
};

export type YearsText = typeof en;

const ko: YearsText = {
  title: '보고 연도',
  intro:
    '확정된 연도는 바뀌지 않습니다. 관리자가 사유와 함께 다시 열기 전까지 검침값, 주장, 배출계수가 잠기며 사유는 감사 로그에 남습니다.',
  year: '연도',
  state: '상태',
  states: { open: '열림', finalized: '확정', reopened: '다시 열림' },
  current: '현재',
  finalizedAt: (at: string) => `${at} 확정`,
  reopenedAt: (at: string) => `${at} 다시 열림`,
  reason: '사유',
  fromReport: '기준 보고서',
  actions: '작업',
  report: '해당 연도의 준비된 보고서',
  reportOption: (language: string, finished: string, id: string) => `${finished} · ${language} · ${id}`,
  finalize: (year: number) => `${year}년 확정`,
  finalizeConfirm: (year: number) => `${year}년을 확정할까요? 관리자가 다시 열기 전까지 수치가 잠깁니다.`,
  noReport: '이 연도의 준비된 보고서가 없습니다. 먼저 보고서를 만드세요.',
  makeReport: '보고서',
  reopen: (year: number) => `${year}년 다시 열기`,
  reopenReason: '확정된 수치를 바꿔야 하는 이유',
  reopenConfirm: (year: number) => `${year}년을 다시 열까요? 수치가 다시 바뀔 수 있습니다.`,
  adminsOnly: '연도 확정과 다시 열기는 관리자만 할 수 있습니다.',
  finalized: (year: string) => `${year}년이 확정되었습니다.`,
  reopened: (year: string) => `${year}년을 다시 열었습니다.`,
  languages: { en: '영어', ko: '한국어' },
  utc: 'UTC',
};

export const YEARS_TEXT: Texts<YearsText> = { en, ko };
