/** The search box above a list: a labelled field that reports each keystroke. */
export function SearchField({
  id,
  label,
  value,
  placeholder,
  onSearch,
}: {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  onSearch: (text: string) => void;
}) {
  return (
    <div class="field field-inline">
      <label for={id}>{label}</label>
      <input id={id} type="search" autocomplete="off" placeholder={placeholder} value={value} onInput={(event) => onSearch(event.currentTarget.value)} />
    </div>
  );
}
