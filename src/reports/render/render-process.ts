import { fork } from 'node:child_process';
import path from 'node:path';
import type { ReportModel } from '../model/report-model';

export type RenderKind = 'pdf' | 'xlsx';

/** A render that takes longer than this is stopped (a report of 5,000 claims renders in about a second). */
const RENDER_TIMEOUT_MS = 5 * 60_000;

export interface RenderProcessOptions {
  /** The child's entry (default: render-child beside this file, as built). */
  entry?: string;
  /** Node options for the child (tests run the TypeScript entry with a transpiling loader). */
  execArgv?: string[];
}

/**
 * Renders a report model in a child process: the render (CPU-bound for about a second for a 600-page PDF)
 * does not block the service's event loop, and its working memory is the child's. The child loads only the
 * renderers and the templates, renders once and exits; its file comes back over IPC.
 */
export function renderInChildProcess(
  kind: RenderKind,
  model: ReportModel,
  options: RenderProcessOptions = {},
): Promise<Buffer> {
  const entry = options.entry ?? path.join(__dirname, 'render-child.js');
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (error: Error | null, file?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(file!);
    };
    const timer = setTimeout(
      () => finish(new Error(`the ${kind} render took over ${RENDER_TIMEOUT_MS} ms`)),
      RENDER_TIMEOUT_MS,
    );
    child.on('message', (answer: { file?: Uint8Array; error?: string }) =>
      answer.error !== undefined
        ? finish(new Error(answer.error))
        : finish(null, Buffer.from(answer.file!.buffer, answer.file!.byteOffset, answer.file!.byteLength)),
    );
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) =>
      finish(new Error(`the ${kind} render process ended (${signal ?? `exit code ${code}`}) without a file`)),
    );
    child.send({ kind, model });
  });
}
