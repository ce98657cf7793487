import { useEffect, useRef, useState } from 'preact/hooks';
import { may, useSession } from '../accounts/session.ts';
import { asApiError, type ApiError } from '../platform/api.ts';
import { formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Loading, Pager, useTitle } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { templateUrl, uploadImport } from './import.api.ts';
import {
  ACCEPT,
  CSV_ENCODINGS,
  fileProblem,
  formatOf,
  formatSize,
  IMPORT_KINDS,
  IMPORT_SIZE_LIMIT,
  ISSUES_PER_PAGE,
  issueCounts,
  issuePage,
  pageStart,
  sameCheck,
  summaryLines,
  type CheckedFile,
  type CsvEncoding,
  type ImportKindName,
  type ImportSummary,
} from './import.rules.ts';
import { importsEn, importsVi } from './imports.i18n.ts';
import './imports.css';

// This page's strings join the dictionary when its chunk loads, before anything renders.
addMessages(importsVi, importsEn);

/**
 * Where the page stands. "Nhập" needs a passed check of the very same file ("checked"): the import
 * is all or nothing but still writes a whole commune's records, their indicators and an audit entry
 * in one go, so the officer first sees what it would do (say, 300 "updated" where new households
 * were expected) for the price of one more upload of a file that is usually small.
 */
type Outcome =
  | { state: 'idle' }
  | { state: 'busy'; dryRun: boolean }
  | { state: 'checked'; summary: ImportSummary; file: CheckedFile }
  | { state: 'imported'; summary: ImportSummary; name: string }
  | { state: 'refused'; error: ApiError };

/** An officer's import of a spreadsheet typed from paper: choose, download the template, check, import. */
export function ImportPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('imports.title'));

  let body;
  if (me === undefined) body = <Loading lines={6} />;
  else if (me === null)
    body = (
      <p class="notice notice-info">
        {t('imports.login')} <Link href={paths.login(paths.imports())}>{t('imports.login_link')}</Link>
      </p>
    );
  else if (!may(me, 'import:run')) body = <p class="notice notice-info">{t('imports.no_right')}</p>;
  else body = <ImportForm />;

  return (
    <section class="imports-page" aria-labelledby="imports-title">
      <h1 id="imports-title">{t('imports.title')}</h1>
      <p class="lead">{t('imports.lead')}</p>
      {body}
    </section>
  );
}

function ImportForm() {
  const { t } = useI18n();
  const [kind, setKind] = useState<ImportKindName>('villages');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<CsvEncoding>('auto');
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });

  const problem = file ? fileProblem(file) : null;
  const format = file ? formatOf(file.name) : null;
  const current: CheckedFile | null = file && !problem ? { kind, name: file.name, size: file.size, lastModified: file.lastModified, encoding } : null;
  const busy = outcome.state === 'busy';
  const canImport = outcome.state === 'checked' && sameCheck(outcome.file, current);

  // A result belongs to the choice it was made for: another kind, file or encoding clears it.
  const choose = (change: () => void) => {
    change();
    if (!busy) setOutcome({ state: 'idle' });
  };

  const send = (dryRun: boolean) => {
    if (!file || !current) return;
    const sent = current;
    setOutcome({ state: 'busy', dryRun });
    uploadImport(kind, file, { dryRun, encoding, format }).then(
      (summary) => setOutcome(dryRun ? { state: 'checked', summary, file: sent } : { state: 'imported', summary, name: sent.name }),
      (error: unknown) => setOutcome({ state: 'refused', error: asApiError(error) }),
    );
  };

  const kindName = t(`imports.kind.${kind}`);
  const maxSize = formatSize(IMPORT_SIZE_LIMIT);

  return (
    <form class="imports-form" onSubmit={(event) => event.preventDefault()}>
      <fieldset class="imports-kinds" disabled={busy}>
        <legend>{t('imports.kind_legend')}</legend>
        {IMPORT_KINDS.map((name) => (
          <div class="imports-kind" key={name}>
            <input
              type="radio"
              id={`imports-kind-${name}`}
              name="kind"
              value={name}
              checked={kind === name}
              aria-describedby={`imports-kind-${name}-hint`}
              onChange={() => choose(() => setKind(name))}
            />
            <label for={`imports-kind-${name}`}>
              <span class="imports-kind-name">{t(`imports.kind.${name}`)}</span>
              <span class="imports-kind-hint" id={`imports-kind-${name}-hint`}>
                {t(`imports.kind_hint.${name}`)}
              </span>
            </label>
          </div>
        ))}
      </fieldset>

      <section class="imports-step" aria-labelledby="imports-template-title">
        <h2 id="imports-template-title">{t('imports.template_title')}</h2>
        <p class="field-hint">{t('imports.template_hint')}</p>
        <p class="imports-templates">
          <a class="button button-secondary button-small" href={templateUrl(kind, 'xlsx')} download>
            {t('imports.template_xlsx', { kind: kindName })}
          </a>
          <a class="button button-secondary button-small" href={templateUrl(kind, 'csv')} download>
            {t('imports.template_csv', { kind: kindName })}
          </a>
        </p>
      </section>

      <section class="imports-step" aria-labelledby="imports-file-title">
        <h2 id="imports-file-title">{t('imports.file_title')}</h2>
        <div class="field">
          <label for="imports-file">{t('imports.file')}</label>
          <input
            id="imports-file"
            type="file"
            accept={ACCEPT}
            disabled={busy}
            aria-describedby={problem ? 'imports-file-hint imports-file-problem' : 'imports-file-hint'}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => {
              const chosen = event.currentTarget.files?.[0] ?? null;
              choose(() => setFile(chosen));
            }}
          />
          <p class="field-hint" id="imports-file-hint">
            {t('imports.file_hint', { max: maxSize })}
            {file && !problem && <> {t('imports.file_chosen', { name: file.name, size: formatSize(file.size) })}</>}
          </p>
          {file && problem && (
            <p class="field-problem" id="imports-file-problem" role="alert">
              {problem === 'too_large'
                ? t('imports.file_too_large', { name: file.name, size: formatSize(file.size), max: maxSize })
                : t('imports.file_wrong_type', { name: file.name })}
            </p>
          )}
        </div>
        <div class="field imports-encoding">
          <label for="imports-encoding">{t('imports.encoding')}</label>
          <select
            id="imports-encoding"
            value={encoding}
            disabled={busy || format === 'xlsx'}
            aria-describedby="imports-encoding-hint"
            onChange={(event) => {
              const chosen = event.currentTarget.value as CsvEncoding;
              choose(() => setEncoding(chosen));
            }}
          >
            {CSV_ENCODINGS.map((name) => (
              <option key={name} value={name}>
                {t(`imports.encoding.${name}`)}
              </option>
            ))}
          </select>
          <p class="field-hint" id="imports-encoding-hint">
            {t('imports.encoding_hint')}
          </p>
        </div>
        <div class="form-actions imports-actions">
          <button type="button" class="button button-secondary" disabled={busy || !current} onClick={() => send(true)}>
            {t('imports.check')}
          </button>
          <button type="button" class="button button-primary" disabled={busy || !canImport} aria-describedby="imports-run-hint" onClick={() => send(false)}>
            {t('imports.run')}
          </button>
        </div>
        <p class="field-hint" id="imports-run-hint">
          {t('imports.run_hint')}
        </p>
      </section>

      <Progress outcome={outcome} />
      {outcome.state === 'refused' && <Refusal error={outcome.error} />}
    </form>
  );
}

/**
 * One live region, always in the page, for progress and success alike: a screen reader hears
 * "checking…" then the counts, without the focus moving away from the buttons.
 */
function Progress({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  let content = null;
  if (outcome.state === 'busy') content = <p class="imports-busy">{t(outcome.dryRun ? 'imports.checking' : 'imports.running')}</p>;
  else if (outcome.state === 'checked')
    content = (
      <div class="notice notice-info">
        <p>{t('imports.checked', { rows: formatNumber(outcome.summary.rows) })}</p>
        <Counts summary={outcome.summary} />
      </div>
    );
  else if (outcome.state === 'imported')
    content = (
      <div class="notice notice-success">
        <p>{t('imports.done', { rows: formatNumber(outcome.summary.rows), name: outcome.name })}</p>
        <Counts summary={outcome.summary} />
        <p>{t('imports.indicators')}</p>
      </div>
    );
  return (
    <div class="imports-status" role="status" aria-live="polite">
      {content}
    </div>
  );
}

function Counts({ summary }: { summary: ImportSummary }) {
  const { t } = useI18n();
  return (
    <ul class="imports-counts">
      {summaryLines(summary).map((line) => (
        <li key={line.key} data-count={line.key}>
          {t(`imports.count.${line.key}`, { count: formatNumber(line.count) })}
        </li>
      ))}
      {summary.ignoredColumns && <li data-count="ignored">{t('imports.ignored_columns', { columns: summary.ignoredColumns.join(', ') })}</li>}
    </ul>
  );
}

/** The refusal: the server's words (how many rows, nothing written), then every bad row it lists, fifty a page. */
function Refusal({ error }: { error: ApiError }) {
  const { t, text } = useI18n();
  const summary = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);

  // Focus goes to the summary, as a form's error summary does (GOV.UK pattern): it is read out first, and the rows follow.
  useEffect(() => {
    setOffset(0);
    summary.current?.focus();
  }, [error]);

  const counts = issueCounts(error.issues);
  const start = pageStart(error.issues.length, offset);
  const shown = issuePage(error.issues, start);
  return (
    <div class="notice notice-error imports-refusal" ref={summary} tabIndex={-1} aria-labelledby="imports-refused-title">
      <h2 id="imports-refused-title">{t('imports.refused_title')}</h2>
      <p>{text(error.text)}</p>
      {error.issues.length > 0 && (
        <>
          <TableBox
            id="imports-issues-title"
            title={t('imports.issues_title', { issues: formatNumber(counts.issues), rows: formatNumber(counts.rows) })}
            busy={false}
            tableClass="imports-issues"
          >
            <thead>
              <tr>
                <th scope="col">{t('imports.col_row')}</th>
                <th scope="col">{t('imports.col_column')}</th>
                <th scope="col">{t('imports.col_message')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((issue, index) => (
                <tr key={`${start + index}`} data-row={issue.row}>
                  <th scope="row" class="nowrap">
                    {issue.row === undefined ? t('imports.whole_file') : formatNumber(issue.row)}
                  </th>
                  <td class="nowrap">{issue.field ?? '—'}</td>
                  <td>{text(issue.message)}</td>
                </tr>
              ))}
            </tbody>
          </TableBox>
          <Pager
            total={error.issues.length}
            offset={start}
            limit={ISSUES_PER_PAGE}
            onOffset={setOffset}
            label={t('pager.label', { what: t('imports.issues_pages') })}
          />
        </>
      )}
    </div>
  );
}
