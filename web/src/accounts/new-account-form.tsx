import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Message } from '../../../src/platform/errors.ts';
import { KIND_NAMES, NATION } from '../../../src/territory/territory.rules.ts';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { messagesFor, useI18n } from '../platform/i18n.ts';
import { useDebounced } from '../platform/use-debounced.ts';
import { formProblems, useSave } from '../platform/use-save.ts';
import { searchOrgUnits, type OrgUnitSummary } from '../territory/territory.api.ts';
import { createAccount, type CreatedAccount, type Role } from './accounts.api.ts';
import { firstRole, grantableRoles, managingRoles, placesAtNation, placesInTerritory, reachesUnit } from './grantable-roles.ts';
import type { Me } from './session.ts';

/** The API's names of the fields, which are also the form's: a server issue lands beside its field. */
type Field = 'displayName' | 'username' | 'role' | 'orgUnitCode';

/** The same rule as the server's username schema, checked here to say so beside the field before sending. */
const USERNAME = /^[a-z0-9._-]{3,40}$/;

/** What the form places an account at: a unit of the territory, or the nation's root (for a national role), which has no kind. */
type Placement = OrgUnitSummary | { code: string; name: string };

/** Whether a unit lies in one of the manager's areas: a province's, a commune's with its villages, a village's own; never the nation's administrator's (hers is the nation alone). */
const inArea = (me: Me, unit: OrgUnitSummary) => managingRoles(me).some((grant) => reachesUnit(grant, unit.code));

/** The nation's root as the manager's grant names it (the API's `VN`, "Việt Nam"). */
const nationPlacement = (me: Me): Placement => ({
  code: NATION.code,
  name: managingRoles(me).find((grant) => grant.orgUnitCode === NATION.code)?.orgUnitName ?? NATION.code,
});

/**
 * One account made by hand (an officer, a seller, a member not on a roster yet, a national
 * officer): a name, a username, a unit found with the territory's search, which ignores
 * diacritics (or the nation, for its administrator), and a role the manager may grant there. The
 * server says the one-time password once; the page shows it as a slip.
 */
export function NewAccountForm({ me, onCreated, onCancel }: { me: Me; onCreated: (created: CreatedAccount) => void; onCancel: () => void }) {
  const { t, text } = useI18n();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  // The nation's administrator has one place to put an account: chosen for her.
  const [unit, setUnit] = useState<Placement | null>(placesAtNation(me) && !placesInTerritory(me) ? nationPlacement(me) : null);
  // The roles follow the unit: a national role at the nation, the others in the territory.
  const roles = grantableRoles(me, unit?.code);
  const [chosenRole, setRole] = useState<Role>(firstRole(roles));
  const role = roles.includes(chosenRole) ? chosenRole : firstRole(roles);
  const form = useRef<HTMLFormElement>(null);
  // The form is replaced by the slip once made: nothing is left to say here.
  const save = useSave(() => undefined);
  const { problems, formWide } = formProblems<Field>(save);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, Message>> = {};
    const typedUsername = username.trim().toLowerCase();
    if (!displayName.trim()) found.displayName = messagesFor('new_account.required');
    if (!USERNAME.test(typedUsername)) found.username = messagesFor(typedUsername ? 'new_account.bad_username' : 'new_account.required');
    if (!unit) found.orgUnitCode = messagesFor('new_account.choose_unit');
    if (Object.keys(found).length > 0 || !unit) {
      save.setProblems(found);
      focusFirstProblem(form.current);
      return;
    }
    void save
      .run(async () => {
        const created = await createAccount({ username: typedUsername, displayName: displayName.trim(), role, orgUnitCode: unit.code });
        onCreated(created);
        return created.account.username;
      })
      .then(() => focusFirstProblem(form.current));
  };

  const aria = (field: Field, hint?: boolean) => ({
    id: `new-account-${field}`,
    'aria-invalid': problems[field] ? (true as const) : undefined,
    'aria-describedby':
      [problems[field] ? `new-account-${field}-problem` : null, hint ? `new-account-${field}-hint` : null].filter(Boolean).join(' ') || undefined,
  });
  const problem = (field: Field) =>
    problems[field] && (
      <p id={`new-account-${field}-problem`} class="field-problem">
        {text(problems[field])}
      </p>
    );

  return (
    <form ref={form} class="form new-account" noValidate onSubmit={submit} aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t('new_account.title')}</h2>
      {formWide && (
        <p class="notice notice-error" role="alert">
          {text(formWide.text)}
        </p>
      )}
      <div class={problems.displayName ? 'field has-problem' : 'field'}>
        <label for="new-account-displayName">{t('new_account.display_name')}</label>
        <input {...aria('displayName')} autocomplete="off" maxLength={120} value={displayName} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        {problem('displayName')}
      </div>
      <div class={problems.username ? 'field has-problem' : 'field'}>
        <label for="new-account-username">{t('new_account.username')}</label>
        <input
          {...aria('username', true)}
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          maxLength={40}
          value={username}
          onInput={(event) => setUsername(event.currentTarget.value)}
        />
        <p id="new-account-username-hint" class="field-hint">
          {t('new_account.username_hint')}
        </p>
        {problem('username')}
      </div>
      <UnitPicker me={me} chosen={unit} onChoose={setUnit} problem={problems.orgUnitCode} />
      <div class={problems.role ? 'field has-problem' : 'field'}>
        <label for="new-account-role">{t('new_account.role')}</label>
        <select {...aria('role')} value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        {problem('role')}
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('new_account.creating') : t('new_account.submit')}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          {t('new_account.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The unit, found by name with the territory's search (no diacritics needed) and chosen among the
 * results in the manager's area; for the nation's administrator, the nation itself, offered
 * without a search.
 */
function UnitPicker({
  me,
  chosen,
  onChoose,
  problem,
}: {
  me: Me;
  chosen: Placement | null;
  onChoose: (unit: Placement) => void;
  problem: Message | undefined;
}) {
  const { t, text, lang } = useI18n();
  const nation = placesAtNation(me) ? nationPlacement(me) : null;
  const territory = placesInTerritory(me);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<OrgUnitSummary[] | null>(null);
  const query = useDebounced(search.trim(), 250);
  useEffect(() => {
    if (query.length < 2) return setResults(null);
    const controller = new AbortController();
    searchOrgUnits(query, controller.signal).then(
      ({ items }) => setResults(items.filter((unit) => unit.level > 1 && inArea(me, unit))),
      () => undefined,
    );
    return () => controller.abort();
  }, [query, me]);
  const chosenUnit = chosen && 'kind' in chosen && !results?.some((u) => u.code === chosen.code) ? [chosen] : [];
  const shown = [...chosenUnit, ...(results ?? [])];
  const option = (unit: Placement, detail: string) => (
    <li key={unit.code}>
      <label class="check">
        <input type="radio" name="new-account-unit" value={unit.code} checked={chosen?.code === unit.code} onChange={() => onChoose(unit)} />
        <span>
          {unit.name} <span class="muted">· {detail}</span>
        </span>
      </label>
    </li>
  );

  return (
    <fieldset
      class={problem ? 'field new-account-unit has-problem' : 'field new-account-unit'}
      aria-describedby={problem ? 'new-account-orgUnitCode-problem' : undefined}
    >
      <legend>{t('new_account.unit')}</legend>
      {nation && <ul class="new-account-units">{option(nation, t('new_account.nation', { code: nation.code }))}</ul>}
      {territory && (
        <>
          <label for="new-account-unit-search">{t('new_account.unit_search')}</label>
          <input
            id="new-account-unit-search"
            type="search"
            autocomplete="off"
            spellcheck={false}
            aria-invalid={problem && !chosen ? true : undefined}
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
          {results?.length === 0 && <p class="field-hint">{t('new_account.unit_none')}</p>}
          {shown.length > 0 && <ul class="new-account-units">{shown.map((unit) => option(unit, `${KIND_NAMES[unit.kind][lang]} · ${unit.code}`))}</ul>}
        </>
      )}
      {problem && (
        <p id="new-account-orgUnitCode-problem" class="field-problem">
          {text(problem)}
        </p>
      )}
    </fieldset>
  );
}
