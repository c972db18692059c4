import { Language } from '../i18n/language';
import { CODE_TEXT, codeInWords } from './codes.text';
import { Refusal } from '../views/form';

/** A refusal in words (its code), with the API's own message, read out first (role alert). */
export function RefusalNotice(props: { refusal: Refusal | null; language: Language; id?: string }) {
  if (!props.refusal) return null;
  const words = codeInWords(CODE_TEXT[props.language], props.refusal.code);
  return (
    <div class="notice error" role="alert" id={props.id} data-code={props.refusal.code}>
      {words && (
        <p>
          <strong>{words}</strong>
        </p>
      )}
      <p>{props.refusal.message}</p>
    </div>
  );
}
