import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { html, htmlDocument } from './views/render';
import { WebContext } from './web-context';

/** Sends the browser elsewhere: a 303 for a page, `HX-Redirect` for an htmx request. */
export function redirect(req: Request, res: Response, location: string, status = 303): void {
  if (req.header('hx-request') === 'true') {
    // A header holds printable ASCII only: anything else (Hangul in a path, a CR or LF) is percent-encoded.
    res.setHeader(
      'HX-Redirect',
      location.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)),
    );
    res.status(status === 303 ? 200 : status).end();
  } else res.redirect(status, location);
}

/**
 * Answers with the whole page, or with `fragment` alone when htmx asked (the part it swaps in). `status`
 * is the use case's: 422 for a refused form (htmx is set to swap it in), 200 otherwise.
 */
export function respond(
  res: Response,
  web: WebContext,
  page: () => VNode,
  options: { status?: number; fragment?: () => VNode } = {},
): void {
  res.status(options.status ?? 200).type('html');
  res.setHeader('Cache-Control', 'no-store');
  res.send(web.fragment && options.fragment ? html(options.fragment()) : htmlDocument(page()));
}
