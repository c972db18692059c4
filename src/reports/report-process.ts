import { fork } from 'node:child_process';
import path from 'node:path';
import { MadeReport, REPORT_FAILURES, ReportStageError } from './make-report';
import type { ReportInputs } from './model/build-report-model';
import type { ReportModel } from './model/report-model';

/** A report that takes longer than this is stopped (one of 5,000 claims takes a few seconds). */
const TIMEOUT_MS = 10 * 60_000;

export interface ReportProcessOptions {
  /** The child's entry (default: report-child beside this file, as built). */
  entry?: string;
  /** Node options for the child (tests run the TypeScript entry with a transpiling loader). */
  execArgv?: string[];
}

type Answer =
  | { model: ReportModel; pdf: Uint8Array; xlsx: Uint8Array }
  | { error: { code: ReportStageError['code']; message: string } };

const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Makes a report in a child process: its model and both files from what the service read. The build and
 * the renders (seconds of CPU and a few hundred MB for a year of 5,000 claims) neither block the service's
 * event loop nor stay in its memory. The child loads only the builder, the renderers and the templates,
 * makes one report and exits; the report comes back over IPC.
 */
export function makeReportInChildProcess(
  inputs: ReportInputs,
  options: ReportProcessOptions = {},
): Promise<MadeReport> {
  const entry = options.entry ?? path.join(__dirname, 'report-child.js');
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (error: Error | null, made?: MadeReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(made!);
    };
    const timer = setTimeout(
      () => finish(new ReportStageError(REPORT_FAILURES.build, `the report took over ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    child.on('message', (answer: Answer) =>
      'error' in answer
        ? finish(new ReportStageError(answer.error.code, answer.error.message))
        : finish(null, { model: answer.model, pdf: buffer(answer.pdf), xlsx: buffer(answer.xlsx) }),
    );
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) =>
      finish(new Error(`the report process ended (${signal ?? `exit code ${code}`}) without a report`)),
    );
    child.send(inputs);
  });
}
