import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { redirect, respond } from '../respond';
import { FieldErrors, Outcome, refusedStatus } from '../views/form';
import { WebContext } from '../web-context';

/** What a form of these pages comes to: the use case done, or the page again with its refusal. */
export type PageOutcome<T, V> = { done: T } | { view: V; status: number };

/** A use case's outcome for its page: its value, or the view `refused` builds with the problems shown. */
export async function pageOutcome<T, V>(
  result: Outcome<T>,
  refused: (errors: FieldErrors) => Promise<V>,
): Promise<PageOutcome<T, V>> {
  if (result.refusal === null) return { done: result.value };
  return { view: await refused(result.errors), status: refusedStatus(result.refusal) };
}

/** How a form's handler answers: where to go once done; refused, the page again (htmx: the fragment). */
export interface FormAnswer<T, V> {
  next: (done: T) => string;
  page: (web: WebContext, view: V) => VNode;
  fragment?: (web: WebContext, view: V) => VNode;
}

/** Answers a form's post with its outcome, as `how` says. */
export function answer<T, V>(
  req: Request,
  res: Response,
  web: WebContext,
  outcome: PageOutcome<T, V>,
  how: FormAnswer<T, V>,
): void {
  if ('done' in outcome) return redirect(req, res, how.next(outcome.done));
  const { view, status } = outcome;
  const fragment = how.fragment;
  respond(res, web, () => how.page(web, view), { status, fragment: fragment && (() => fragment(web, view)) });
}
