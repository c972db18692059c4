import { Texts } from '../../i18n/language';

const en = {
  title: 'Imports',
  intro:
    'Each file is checked first: the check writes nothing and lists every refused row. Then import the same file with one click; it is kept for 30 minutes, for you only.',
  certificates: 'Certificates (registry export)',
  certificatesHint:
    'A CSV file with a header row, as described in the README (registry, instrument type, serial range, facility, vintage…), up to 2 MiB and 2,000 rows. All or nothing: one refused row and nothing is imported.',
  readings: 'Meter readings (CSV)',
  readingsHint:
    'A CSV file of interval readings: meter, timestamp, value, optional unit and quality, as described in the README. Rows of finalized years are refused.',
  file: 'CSV file',
  check: 'Check file',
  checking: 'Checking…',
  timeZone: 'Time zone of times without an offset',
  timeZoneHint:
    '"site" reads them in each meter’s site zone; or an IANA zone such as Asia/Seoul. Leave empty to refuse them.',
  timestampConvention: 'The timestamp column labels',
  conventions: { start: 'the start of each interval', end: 'the end of each interval' },
  mode: 'A different value for a stored interval',
  modes: { insert: 'is refused', upsert: 'corrects it (the old value is kept in its history)' },
  ambiguous: 'The repeated hour when clocks go back',
  ambiguities: { order: 'read in the order of the rows', reject: 'is refused' },
  unit: 'Unit of rows without one',
  meterUnit: 'each meter’s own unit',
  meter: 'Meter external id, for a file without a meter column',
  report: 'Check of the file',
  fileLine: (filename: string, bytes: string) => `${filename} (${bytes} bytes)`,
  sha256: 'SHA-256',
  rows: 'Data rows',
  wouldCreate: 'Certificates to import',
  accepted: 'New readings',
  duplicates: 'Identical to stored ones',
  corrected: 'Corrections',
  refused: 'Refused rows',
  refusedTitle: 'Refused rows',
  listedOf: (listed: number, total: number) => `The first ${listed} of ${total} problems are listed.`,
  line: 'Line',
  column: 'Column',
  problem: 'Problem',
  nothingWritten: 'Nothing was written.',
  fixAndRetry:
    'Correct the refused rows in the file and check it again: a file with refused rows is not imported.',
  ready: 'Every row can be imported.',
  nothingNew: 'Nothing new to import: every reading of the file is stored already.',
  commit: 'Import this file',
  commitConfirm: 'Import this file now?',
  expired:
    'This file is no longer kept (it was imported already, 30 minutes have passed, or it was checked by someone else). Choose it again.',
  doneCertificates: (n: string) => `${n} certificates imported.`,
  doneReadings: (accepted: string, duplicates: string, corrected: string) =>
    `Readings imported: ${accepted} new, ${duplicates} identical to stored ones, ${corrected} corrected.`,
  seeProcurement: 'See the certificates',
  seeSites: 'See the meters',
};

export type ImportsText = typeof en;

const ko: ImportsText = {
  title: '가져오기',
  intro:
    '파일은 먼저 점검합니다. 점검은 아무것도 기록하지 않고 거부된 행을 모두 보여 줍니다. 그다음 같은 파일을 한 번의 클릭으로 가져옵니다. 파일은 본인만을 위해 30분 동안 보관됩니다.',
  certificates: '인증서 (레지스트리 내보내기)',
  certificatesHint:
    'README에 설명된 머리글 행이 있는 CSV 파일(레지스트리, 수단 유형, 일련번호 범위, 설비, 발전 기간…), 최대 2 MiB, 2,000행. 전부 아니면 전무: 거부된 행이 하나라도 있으면 아무것도 가져오지 않습니다.',
  readings: '계량기 검침값 (CSV)',
  readingsHint:
    'README에 설명된 구간 검침값 CSV 파일: 계량기, 시각, 값, 선택적으로 단위와 품질. 확정된 연도의 행은 거부됩니다.',
  file: 'CSV 파일',
  check: '파일 점검',
  checking: '점검 중…',
  timeZone: '오프셋이 없는 시각의 시간대',
  timeZoneHint:
    '"site"는 각 계량기 사업장의 시간대로 읽습니다. 또는 Asia/Seoul 같은 IANA 시간대. 비워 두면 그런 시각은 거부됩니다.',
  timestampConvention: '시각 열의 의미',
  conventions: { start: '각 구간의 시작', end: '각 구간의 끝' },
  mode: '저장된 구간과 다른 값',
  modes: { insert: '거부', upsert: '정정 (이전 값은 이력에 보존)' },
  ambiguous: '서머타임 해제로 반복되는 시각',
  ambiguities: { order: '행 순서대로 읽음', reject: '거부' },
  unit: '단위가 없는 행의 단위',
  meterUnit: '각 계량기의 단위',
  meter: '계량기 열이 없는 파일의 계량기 외부 ID',
  report: '파일 점검 결과',
  fileLine: (filename: string, bytes: string) => `${filename} (${bytes}바이트)`,
  sha256: 'SHA-256',
  rows: '데이터 행',
  wouldCreate: '가져올 인증서',
  accepted: '새 검침값',
  duplicates: '저장된 값과 동일',
  corrected: '정정',
  refused: '거부된 행',
  refusedTitle: '거부된 행',
  listedOf: (listed: number, total: number) => `문제 ${total}개 중 처음 ${listed}개를 표시합니다.`,
  line: '행',
  column: '열',
  problem: '문제',
  nothingWritten: '아무것도 기록하지 않았습니다.',
  fixAndRetry: '파일에서 거부된 행을 고친 뒤 다시 점검하세요. 거부된 행이 있는 파일은 가져오지 않습니다.',
  ready: '모든 행을 가져올 수 있습니다.',
  nothingNew: '새로 가져올 것이 없습니다. 파일의 모든 검침값이 이미 저장되어 있습니다.',
  commit: '이 파일 가져오기',
  commitConfirm: '이 파일을 지금 가져올까요?',
  expired:
    '이 파일은 더 이상 보관되어 있지 않습니다(이미 가져왔거나, 30분이 지났거나, 다른 사람이 점검한 파일). 다시 선택하세요.',
  doneCertificates: (n: string) => `인증서 ${n}개를 가져왔습니다.`,
  doneReadings: (accepted: string, duplicates: string, corrected: string) =>
    `검침값을 가져왔습니다: 새 값 ${accepted}개, 동일 ${duplicates}개, 정정 ${corrected}개.`,
  seeProcurement: '인증서 보기',
  seeSites: '계량기 보기',
};

export const IMPORTS_TEXT: Texts<ImportsText> = { en, ko };
