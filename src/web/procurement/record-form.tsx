import type { ComponentChildren } from 'preact';
import { COMMON_TEXT } from '../i18n/common';
import { FieldErrors } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { ListName } from './procurement-lists.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { PostForm, Saved } from './widgets';

/** The form of a facility, contract or certificate: new (`record` null) or an edit, saved or cancelled. */
export function RecordForm(props: {
  /** The form's element id. */
  id: string;
  list: ListName;
  /** The record's id; null for a new one. */
  record: string | null;
  web: WebContext;
  errors: FieldErrors | null;
  children: ComponentChildren;
}) {
  const c = COMMON_TEXT[props.web.language].form;
  const action = `/app/procurement/${props.list}/${props.record ?? 'new'}`;
  return (
    <PostForm id={props.id} action={action} web={props.web} errors={props.errors}>
      {props.children}
      <div class="actions">
        <button type="submit" class="primary">
          {props.record ? c.save : c.create}
        </button>
        <a href={`/app/procurement#${props.list}`}>{c.cancel}</a>
      </div>
    </PostForm>
  );
}

/** The page of a record's form: back to its list, and the notice once saved (`?saved=1`). */
export function RecordPage(props: {
  web: WebContext;
  title: string;
  list: ListName;
  saved: string | null;
  children: ComponentChildren;
}) {
  return (
    <Layout web={props.web} title={props.title}>
      <p>
        <a href={`/app/procurement#${props.list}`}>{PROCUREMENT_TEXT[props.web.language].backToList}</a>
      </p>
      <Saved message={props.saved} />
      {props.children}
    </Layout>
  );
}
