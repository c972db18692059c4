/** A GET form choosing the reporting year shown (`?year=`). */
export function YearPicker(props: {
  action: string;
  year: number;
  years: number[];
  label: string;
  submit: string;
}) {
  return (
    <form class="toolbar" method="get" action={props.action}>
      <label for="year">{props.label}</label>
      <select id="year" name="year">
        {props.years.map((y) => (
          <option value={String(y)} selected={y === props.year}>
            {String(y)}
          </option>
        ))}
      </select>
      <button type="submit">{props.submit}</button>
    </form>
  );
}
