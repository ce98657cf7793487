import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { KIND_NAMES } from '../../../src/territory/territory.rules.ts';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { navigate, paths } from '../platform/router.tsx';
import { useDebounced } from '../platform/use-debounced.ts';
import { DemoBadge } from './demo-notes.tsx';
import { loadCommuneNames, searchOrgUnits, type OrgUnitSummary } from './territory.api.ts';

/** Long enough to wait out typing on a phone keyboard, short enough to feel immediate. */
const DEBOUNCE_MS = 250;

interface SearchProps {
  /** The input's id; its list's and options' ids start with it, so two searches can share a page. */
  id?: string;
  /** The visible label; without one the label is read by screen readers only. */
  label?: string;
  /** What choosing a unit does; by default its page opens. */
  onChoose?: (unit: OrgUnitSummary) => void;
}

/**
 * Search across province, communes and villages: an ARIA 1.2 combobox. The server folds
 * diacritics, so "kien moc" finds Kiên Mộc; arrows move, Enter opens, Escape closes then clears.
 */
export function TerritorySearch({ id = 'territory-search', label, onChoose = (unit) => navigate(paths.unit(unit.code)) }: SearchProps = {}) {
  const { t, text: inLanguage, lang } = useI18n();
  const [text, setText] = useState('');
  const [results, setResults] = useState<OrgUnitSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [communes, setCommunes] = useState<Map<string, string>>(new Map());
  const input = useRef<HTMLInputElement>(null);
  const optionId = (index: number) => `${id}-option-${index}`;
  const listId = `${id}-results`;

  const typed = text.trim();
  const query = useDebounced(typed, DEBOUNCE_MS);
  useEffect(() => {
    setActive(-1);
    if (query.length < 2) {
      setResults(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    searchOrgUnits(query, controller.signal).then(
      ({ items }) => {
        setResults(items);
        setError(null);
        if (items.some((unit) => unit.level === 3)) loadCommuneNames().then(setCommunes, () => undefined);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(asApiError(failure));
      },
    );
    return () => controller.abort();
  }, [query]);

  // Keeps the option chosen with the arrow keys in view inside the scrolling list.
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (unit: OrgUnitSummary) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    onChoose(unit);
  };

  const items = results ?? [];
  const expanded = open && typed.length >= 2 && (results !== null || error !== null);

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (!items.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current < 0 ? (step > 0 ? 0 : items.length - 1) : (current + step + items.length) % items.length));
    } else if (event.key === 'Escape') {
      if (expanded) setOpen(false);
      else setText('');
    }
  };

  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = items[active] ?? items[0];
    if (chosen) choose(chosen);
  };

  return (
    <form role="search" class="search" onSubmit={onSubmit} aria-label={label ?? t('search.label')}>
      <label for={id} class={label ? undefined : 'visually-hidden'}>
        {label ?? t('search.label')}
      </label>
      <input
        ref={input}
        id={id}
        type="search"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        enterKeyHint="search"
        placeholder={t('search.placeholder')}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t('search.results')}
        class="search-results"
        hidden={!expanded}
        // Keeps focus in the input while a result is clicked, so the list does not close first.
        onMouseDown={(event) => event.preventDefault()}
      >
        {error && <li class="search-message">{inLanguage(error.text)}</li>}
        {!error && results?.length === 0 && <li class="search-message">{t('search.none', { text: query })}</li>}
        {!error &&
          items.map((unit, index) => (
            <li key={unit.code} id={optionId(index)} role="option" aria-selected={index === active} class="search-option" onClick={() => choose(unit)}>
              <span class="search-option-name">{unit.name}</span>
              <span class="search-option-meta">
                {KIND_NAMES[unit.kind][lang]}
                {unit.level === 3 && communes.get(unit.parentCode ?? '') ? ` · ${communes.get(unit.parentCode ?? '')}` : ''}
              </span>
              {unit.isDemo && <DemoBadge compact />}
            </li>
          ))}
      </ul>
      <p class="visually-hidden" role="status">
        {expanded && results ? t('search.count', { count: results.length }) : ''}
      </p>
    </form>
  );
}
