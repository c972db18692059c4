import { COMMON_TEXT, CommonText } from '../i18n/common';
import { htmlDocument } from './render';
import { WebContext } from '../web-context';
import { Layout } from './layout';

/** A refusal or failure as a page: what happened in words, never a stack trace. */
export function ErrorPage(props: { web: WebContext; title: string; message: string; requestId?: string }) {
  const t = COMMON_TEXT[props.web.language];
  return (
    <Layout web={props.web} title={props.title}>
      <p class="error-message">{props.message}</p>
      {props.requestId && (
        <p>
          {t.errors.requestId}: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/app">{t.errors.home}</a>
      </p>
    </Layout>
  );
}

/** The message of a refusal inside a fragment htmx swaps in (a form's or a button's answer). */
export function ErrorNotice(props: { message: string; requestId?: string }) {
  return (
    <div class="notice error" role="alert">
      <p>{props.message}</p>
      {props.requestId && (
        <p class="muted">
          <code>{props.requestId}</code>
        </p>
      )}
    </div>
  );
}

export const notFoundPage = (web: WebContext, t: CommonText) =>
  htmlDocument(<ErrorPage web={web} title={t.errors.notFoundTitle} message={t.errors.notFound} />);
