import { useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ProvinceLinkBody, ProvinceLinkItem, ProvinceLinks, PullOutcomeBody } from '../../../src/national/national.schema.ts';
import type { Message } from '../../../src/platform/errors.ts';
import { may, useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { formatDateTime, formatNumber, NO_VALUE } from '../platform/format.ts';
import { messagesFor, useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { formProblems, useSave } from '../platform/use-save.ts';
import { provinceState } from './national.rules.ts';

const LINKS_URL = '/api/national/links';

interface Province {
  code: string;
  name: string;
}

/**
 * The nation's links to the province servers, for national officers: where each server is, when
 * it last answered, what went wrong last, how fresh its figures are. A national administrator also
 * adds and edits links and pulls a province now; an officer reads them only (the server refuses her
 * the rest anyway). Nothing for anyone else: the links are no public figure.
 */
export function ProvinceLinksSection({ provinces, onPulled }: { provinces: readonly Province[]; onPulled: () => void }) {
  const { me } = useSession();
  if (!may(me, 'national:read')) return null;
  return <LinksTable provinces={provinces} manage={may(me, 'national:manage')} onPulled={onPulled} />;
}

function LinksTable({ provinces, manage, onPulled }: { provinces: readonly Province[]; manage: boolean; onPulled: () => void }) {
  const { t, text } = useI18n();
  const links = useApi<ProvinceLinks>(LINKS_URL, { keepPrevious: true });
  const [editing, setEditing] = useState<ProvinceLinkItem | 'new' | null>(null);
  const [pulling, setPulling] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const nameOf = (code: string) => provinces.find((p) => p.code === code)?.name ?? code;
  /** After a pull or a saved link: say what happened, then show the new freshness here and in the league. */
  const refreshed = (message: string) => {
    setDone(message);
    links.reload();
    onPulled();
  };
  const pull = useSave(refreshed);
  const pullNow = (code: string) => {
    setPulling(code);
    setDone(null);
    void pull
      .run(async () => {
        const outcome = await api.post<PullOutcomeBody>(`/api/national/provinces/${code}/pull`);
        return outcome.status === 'ok'
          ? t('nat.links.pulled', { name: nameOf(code), values: formatNumber(outcome.values ?? 0) })
          : t('nat.links.pull_failed', { name: nameOf(code), state: t(`nat.state.${outcome.status}`), error: outcome.error ?? '' });
      })
      .then(() => setPulling(null));
  };
  const linked = new Set(links.data?.items.map((l) => l.provinceCode));

  return (
    <section aria-labelledby="nat-links">
      <h2 id="nat-links">{t('nat.links.title')}</h2>
      <p>{t(manage ? 'nat.links.lead_manage' : 'nat.links.lead_read')}</p>
      <div role="status">{done && <p class="notice notice-info">{done}</p>}</div>
      {pull.error && (
        <p class="notice notice-error" role="alert">
          {text(pull.error.text)}
        </p>
      )}
      {links.error && <ErrorNotice error={links.error} onRetry={links.reload} />}
      {!links.data && !links.error && <Loading lines={4} />}
      {links.data?.items.length === 0 && <Empty>{t('nat.links.none')}</Empty>}
      {links.data && links.data.items.length > 0 && (
        <TableBox id="nat-links-caption" title={t('nat.links.caption', { count: links.data.items.length })} busy={links.loading} tableClass="table-nat-links">
          <thead>
            <tr>
              <th scope="col">{t('nat.province')}</th>
              <th scope="col">{t('nat.links.address')}</th>
              <th scope="col">{t('nat.links.every')}</th>
              <th scope="col">{t('nat.links.last_success')}</th>
              <th scope="col">{t('nat.state')}</th>
              <th scope="col">{t('nat.links.last_error')}</th>
              <th scope="col" class="num">
                {t('nat.links.values')}
              </th>
              {manage && (
                <th scope="col">
                  <span class="visually-hidden">{t('nat.links.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {links.data.items.map((link) => {
              const state = provinceState({ linked: true, freshness: link.freshness });
              const name = nameOf(link.provinceCode);
              return (
                <tr key={link.provinceCode}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{link.baseUrl}</code>
                  </td>
                  <td class="nowrap">{t('nat.links.every_value', { minutes: link.everyMinutes })}</td>
                  <td class="nowrap">
                    {link.freshness.lastSyncAt ? <time dateTime={link.freshness.lastSyncAt}>{formatDateTime(link.freshness.lastSyncAt)}</time> : t('nat.never')}
                  </td>
                  <td>
                    <span class={`nat-state-${state}`}>{t(`nat.state.${state}`)}</span>
                  </td>
                  <td>{link.freshness.lastError ?? NO_VALUE}</td>
                  <td class="num">{formatNumber(link.valueCount)}</td>
                  {manage && (
                    <td class="nat-link-actions">
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        disabled={pull.busy}
                        aria-label={t('nat.links.pull_label', { name })}
                        onClick={() => pullNow(link.provinceCode)}
                      >
                        {pulling === link.provinceCode ? t('nat.links.pulling') : t('nat.links.pull')}
                      </button>
                      <button
                        type="button"
                        class="button button-quiet button-small"
                        aria-label={t('nat.links.edit_label', { name })}
                        onClick={() => setEditing(link)}
                      >
                        {t('nat.links.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </TableBox>
      )}
      {manage && editing === null && (
        <p>
          <button type="button" class="button button-secondary" onClick={() => setEditing('new')}>
            {t('nat.links.add')}
          </button>
        </p>
      )}
      {manage && editing !== null && (
        <LinkForm
          link={editing === 'new' ? null : editing}
          provinces={provinces.filter((p) => !linked.has(p.code))}
          nameOf={nameOf}
          onSaved={(message) => {
            setEditing(null);
            refreshed(message);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

type Field = 'provinceCode' | 'baseUrl' | 'token' | 'timeoutMs' | 'everyMinutes';

/** What a field's control carries so its label, hint and problem are read with it. */
interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A new link (its province among those not linked yet, its token required) or a link's new address, period or token (left empty, kept). */
function LinkForm({
  link,
  provinces,
  nameOf,
  onSaved,
  onCancel,
}: {
  link: ProvinceLinkItem | null;
  provinces: readonly Province[];
  nameOf: (code: string) => string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const { t, text } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  const [provinceCode, setProvinceCode] = useState(link?.provinceCode ?? '');
  const [baseUrl, setBaseUrl] = useState(link?.baseUrl ?? 'https://');
  const [token, setToken] = useState('');
  const [timeoutSeconds, setTimeoutSeconds] = useState(String((link?.timeoutMs ?? 10_000) / 1000));
  const [everyMinutes, setEveryMinutes] = useState(String(link?.everyMinutes ?? 15));
  const save = useSave(onSaved);
  const { problems, formWide } = formProblems<Field>(save);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, Message>> = {};
    if (!provinceCode) found.provinceCode = messagesFor('nat.links.required');
    if (!link && !token) found.token = messagesFor('nat.links.required');
    if (Object.keys(found).length > 0) {
      save.setProblems(found);
      focusFirstProblem(form.current);
      return;
    }
    const body: ProvinceLinkBody = {
      baseUrl: baseUrl.trim(),
      token: token || undefined,
      timeoutMs: Math.round(Number(timeoutSeconds) * 1000),
      everyMinutes: Number(everyMinutes),
    };
    void save
      .run(async () => {
        await api.put<ProvinceLinkItem>(`/api/national/links/${provinceCode}`, body);
        return t('nat.links.saved', { name: nameOf(provinceCode) });
      })
      .then(() => focusFirstProblem(form.current));
  };

  const field = (name: Field, label: string, control: (props: ControlProps) => JSX.Element, hint?: string) => (
    <div class={problems[name] ? 'field has-problem' : 'field'}>
      <label for={`nat-link-${name}`}>{label}</label>
      {control({
        id: `nat-link-${name}`,
        'aria-invalid': problems[name] ? true : undefined,
        'aria-describedby': [problems[name] ? `nat-link-${name}-problem` : null, hint ? `nat-link-${name}-hint` : null].filter(Boolean).join(' ') || undefined,
      })}
      {hint && (
        <p id={`nat-link-${name}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {problems[name] && (
        <p id={`nat-link-${name}-problem`} class="field-problem">
          {text(problems[name])}
        </p>
      )}
    </div>
  );

  return (
    <form ref={form} class="form nat-link-form" noValidate onSubmit={submit} aria-labelledby="nat-link-title">
      <h3 id="nat-link-title">{link ? t('nat.links.form_edit', { name: nameOf(link.provinceCode) }) : t('nat.links.form_new')}</h3>
      {formWide && (
        <p class="notice notice-error" role="alert">
          {text(formWide.text)}
        </p>
      )}
      {!link &&
        field('provinceCode', t('nat.province'), (props) => (
          <select {...props} value={provinceCode} onChange={(event) => setProvinceCode(event.currentTarget.value)}>
            <option value="">{t('nat.links.choose_province')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        ))}
      {field('baseUrl', t('nat.links.address'), (props) => (
        <input
          {...props}
          type="url"
          autocomplete="off"
          spellcheck={false}
          maxLength={500}
          value={baseUrl}
          onInput={(event) => setBaseUrl(event.currentTarget.value)}
        />
      ))}
      {field(
        'token',
        t('nat.links.token'),
        (props) => (
          <input
            {...props}
            type="password"
            autocomplete="new-password"
            maxLength={200}
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
          />
        ),
        link ? t('nat.links.token_keep') : t('nat.links.token_hint'),
      )}
      {field('timeoutMs', t('nat.links.timeout'), (props) => (
        <input
          {...props}
          type="number"
          min={0.1}
          max={120}
          step={0.1}
          value={timeoutSeconds}
          onInput={(event) => setTimeoutSeconds(event.currentTarget.value)}
        />
      ))}
      {field('everyMinutes', t('nat.links.every_minutes'), (props) => (
        <input {...props} type="number" min={1} max={1440} step={1} value={everyMinutes} onInput={(event) => setEveryMinutes(event.currentTarget.value)} />
      ))}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('nat.links.saving') : t('nat.links.save')}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          {t('nat.links.cancel')}
        </button>
      </div>
    </form>
  );
}
