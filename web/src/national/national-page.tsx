import { TableBox } from '../platform/table-box.tsx';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { NationalScorecard, ProvinceDrillDown } from '../../../src/national/national.schema.ts';
import { classify, colourOf, formatValue } from '../dashboard/dashboard.rules.ts';
import type { CommuneFeatureCollection, MapHandle } from '../dashboard/leaflet-map.ts';
import { withQuery } from '../platform/api.ts';
import { formatDateTime, NO_VALUE } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { nationalEn, nationalVi } from './national.i18n.ts';
import { provinceState, rankUnits, valueIn } from './national.rules.ts';
import { ProvinceLinksSection } from './province-links.tsx';
import './national.css';

addMessages(nationalVi, nationalEn);

type Indicator = NationalScorecard['indicators'][number];
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR - 2021 + 1 }, (_, i) => THIS_YEAR - i);

interface LiveVillages {
  cells: { indicator: string; orgUnit: string; orgUnitName: string; isDemo: boolean; value: number | null }[];
}

/** The nation: every province from its last pull, how fresh it is, the way down to a village, and (for national officers) the links it is pulled through. */
export function NationalPage() {
  const { t, text } = useI18n();
  useTitle(t('nat.title'));
  const [year, setYear] = useState(THIS_YEAR);
  const [code, setCode] = useState('HH_FIBER');
  const [province, setProvince] = useState<string | null>(null);
  const card = useApi<NationalScorecard>(withQuery('/api/national/scorecard', { period: year }), { keepPrevious: true });
  const indicator = card.data?.indicators.find((i) => i.code === code) ?? card.data?.indicators[0];
  const show = (value: number | null) => (value === null || !indicator ? t('nat.no_value') : formatValue(value, indicator));

  return (
    <section aria-labelledby="nat-title">
      <h1 id="nat-title">{t('nat.title')}</h1>
      <p class="lead">{t('nat.lead')}</p>
      <div class="nat-controls">
        <div class="field">
          <label for="nat-year">{t('nat.year')}</label>
          <select id="nat-year" value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {YEARS.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="nat-indicator">{t('nat.indicator')}</label>
          <select id="nat-indicator" value={indicator?.code ?? ''} onChange={(e) => setCode(e.currentTarget.value)}>
            {card.data?.indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {text(i.name)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {card.error && <ErrorNotice error={card.error} onRetry={card.reload} />}
      {!card.data || !indicator ? (
        <Loading lines={8} />
      ) : (
        <>
          <Scorecard data={card.data} show={show} year={year} />
          {province ? (
            <ProvinceView code={province} year={year} indicator={indicator} show={show} onBack={() => setProvince(null)} />
          ) : (
            <>
              <ProvinceMap data={card.data} indicator={indicator} show={show} year={year} onProvince={setProvince} />
              <League data={card.data} indicator={indicator} show={show} year={year} onProvince={setProvince} />
              <ProvinceLinksSection provinces={card.data.provinces} onPulled={card.reload} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Scorecard({ data, show, year }: { data: NationalScorecard; show: (value: number | null) => string; year: number }) {
  const { t, text } = useI18n();
  const headline = data.indicators.filter((i) => valueIn(data.nation.values, i.code) !== null).slice(0, 8);
  return (
    <section aria-labelledby="nat-scorecard">
      <h2 id="nat-scorecard">{t('nat.scorecard', { year })}</h2>
      <p>{t('nat.counted', { counted: data.nation.provincesCounted, total: data.nation.provincesTotal, linked: data.nation.provincesLinked })}</p>
      <ul class="nat-cards">
        {headline.map((i) => (
          <li key={i.code} class="nat-card">
            <span class="nat-card-value">{valueIn(data.nation.values, i.code) === null ? NO_VALUE : formatValue(valueIn(data.nation.values, i.code)!, i)}</span>
            {text(i.name)}
          </li>
        ))}
      </ul>
      {headline.length === 0 && <p>{show(null)}</p>}
    </section>
  );
}

function StateText({ row }: { row: Parameters<typeof provinceState>[0] }) {
  const { t } = useI18n();
  const state = provinceState(row);
  return <span class={`nat-state-${state}`}>{t(`nat.state.${state}`)}</span>;
}

/** What the league table and the map of provinces both show, and where a chosen province goes. */
interface ProvinceView {
  data: NationalScorecard;
  indicator: Indicator;
  show: (v: number | null) => string;
  year: number;
  onProvince: (code: string) => void;
}

/** The columns every ranking of units opens with: the rank, the unit, its value. */
function RankHeadings({ unit }: { unit: string }) {
  const { t } = useI18n();
  return (
    <>
      <th scope="col" class="num">
        {t('nat.rank')}
      </th>
      <th scope="col">{unit}</th>
      <th scope="col" class="num">
        {t('nat.value')}
      </th>
    </>
  );
}

/** A unit's rank, name (`children`) and value, under `RankHeadings`. */
function RankCells({ rank, value, children }: { rank: number | null; value: string; children: ComponentChildren }) {
  return (
    <>
      <td class="num">{rank ?? NO_VALUE}</td>
      <th scope="row">{children}</th>
      <td class="num">{value}</td>
    </>
  );
}

function League({ data, indicator, show, year, onProvince }: ProvinceView) {
  const { t, text } = useI18n();
  const ranked = useMemo(() => rankUnits(data.provinces, indicator.code, indicator.higherIsBetter), [data, indicator]);
  const title = t('nat.league', { indicator: text(indicator.name), year });
  return (
    <TableBox id="nat-league" title={title} busy={false} tableClass="nat-league">
      <thead>
        <tr>
          <RankHeadings unit={t('nat.province')} />
          <th scope="col">{t('nat.last_sync')}</th>
          <th scope="col">{t('nat.state')}</th>
        </tr>
      </thead>
      <tbody>
        {ranked.map(({ unit, value, rank }) => (
          <tr key={unit.code}>
            <RankCells rank={rank} value={show(value)}>
              {unit.linked ? (
                <button type="button" class="button button-quiet" aria-label={t('nat.open', { name: unit.name })} onClick={() => onProvince(unit.code)}>
                  {unit.name}
                </button>
              ) : (
                unit.name
              )}
            </RankCells>
            <td>{unit.freshness?.lastSyncAt ? formatDateTime(unit.freshness.lastSyncAt) : t('nat.never')}</td>
            <td>
              <StateText row={unit} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}

type MapRow = { code: string; values: readonly { indicator: string; value: number | null }[] };

/**
 * Units on a map coloured by the indicator, no tiles: the provinces by their outlines, or a
 * province's communes by theirs where shipped and as points elsewhere. Choosing one opens it.
 */
function UnitMap({
  id,
  url,
  rows,
  indicator,
  show,
  stateOf,
  heading,
  hint,
  onUnit,
}: {
  id: string;
  url: string;
  rows: readonly MapRow[];
  indicator: Indicator;
  show: (v: number | null) => string;
  /** What the label adds after the value (a province's freshness); nothing when it returns null. */
  stateOf: (code: string) => string | null;
  heading: string;
  hint: string;
  onUnit: (code: string) => void;
}) {
  const shapes = useApi<CommuneFeatureCollection>(url);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const pick = useRef(onUnit);
  pick.current = onUnit;
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const classes = useMemo(
    () =>
      classify(
        rows.map((r) => valueIn(r.values, indicator.code)),
        indicator.higherIsBetter,
      ),
    [rows, indicator],
  );

  useEffect(() => {
    if (!shapes.data || !element.current) return;
    let cancelled = false;
    const collection = shapes.data;
    void import('../dashboard/leaflet-map.ts').then(({ createCommuneMap }) => {
      if (cancelled || !element.current) return;
      // Drawn as the province dashboard draws its communes: one shape (or point) each, no tiles.
      handle.current = createCommuneMap(element.current, collection, { onCommune: (code) => pick.current(code), onVillage: () => undefined });
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
      setReady(false);
    };
  }, [shapes.data]);

  useEffect(() => {
    if (!ready || !handle.current) return;
    handle.current.update(
      (code) => colourOf(valueIn(byCode.get(code)?.values ?? [], indicator.code), classes),
      (code, name) => {
        const state = stateOf(code);
        return `${name}: ${show(valueIn(byCode.get(code)?.values ?? [], indicator.code))}${state ? ` (${state})` : ''}`;
      },
    );
  }, [ready, byCode, classes, indicator, show, stateOf]);

  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <p>{hint}</p>
      {shapes.error && <ErrorNotice error={shapes.error} onRetry={shapes.reload} />}
      <div ref={element} class="nat-map" />
    </section>
  );
}

function ProvinceMap({ data, indicator, show, year, onProvince }: ProvinceView) {
  const { t, text } = useI18n();
  const rows = useMemo(() => new Map(data.provinces.map((p) => [p.code, p])), [data]);
  const stateOf = useCallback(
    (code: string) => {
      const row = rows.get(code);
      return row ? t(`nat.state.${provinceState(row)}`) : null;
    },
    [rows, t],
  );
  return (
    <UnitMap
      id="nat-map"
      url="/api/national/boundaries"
      rows={data.provinces}
      indicator={indicator}
      show={show}
      stateOf={stateOf}
      heading={t('nat.map', { indicator: text(indicator.name), year })}
      hint={t('nat.map_hint')}
      onUnit={(code) => rows.get(code)?.linked && onProvince(code)}
    />
  );
}

const noState = () => null;

function ProvinceView({
  code,
  year,
  indicator,
  show,
  onBack,
}: {
  code: string;
  year: number;
  indicator: Indicator;
  show: (v: number | null) => string;
  onBack: () => void;
}) {
  const { t, text } = useI18n();
  const drill = useApi<ProvinceDrillDown>(withQuery(`/api/national/provinces/${code}`, { period: year }));
  const [commune, setCommune] = useState<{ code: string; name: string } | null>(null);
  const ranked = useMemo(() => rankUnits(drill.data?.communes ?? [], indicator.code, indicator.higherIsBetter), [drill.data, indicator]);
  const back = (
    <p>
      <button type="button" class="button button-quiet" onClick={onBack}>
        {t('nat.back')}
      </button>
    </p>
  );
  if (drill.error)
    return (
      <>
        {back}
        <ErrorNotice error={drill.error} onRetry={drill.reload} />
      </>
    );
  if (!drill.data) return <Loading lines={8} />;
  const { province } = drill.data;
  const title = t('nat.communes', { name: province.name, indicator: text(indicator.name) });
  return (
    <section aria-labelledby="nat-province">
      {back}
      <h2 id="nat-province">{title}</h2>
      {province.freshness.stale && (
        <p class="notice notice-warning">
          {t('nat.stale_note', {
            time: province.freshness.lastSyncAt ? formatDateTime(province.freshness.lastSyncAt) : t('nat.never'),
            state: t(`nat.state.${provinceState({ linked: true, freshness: province.freshness })}`),
          })}
        </p>
      )}
      <p>
        {t('nat.value')}: <strong>{show(valueIn(province.values, indicator.code))}</strong>
      </p>
      <UnitMap
        id="nat-commune-map"
        url={`/api/national/provinces/${code}/map`}
        rows={drill.data.communes}
        indicator={indicator}
        show={show}
        stateOf={noState}
        heading={t('nat.commune_map', { name: province.name, indicator: text(indicator.name) })}
        hint={t('nat.commune_map_hint')}
        onUnit={(picked) => {
          const unit = drill.data?.communes.find((c) => c.code === picked);
          if (unit) setCommune(unit);
        }}
      />
      <TableBox id="nat-communes" title={t('nat.commune_league', { indicator: text(indicator.name), year })} busy={drill.loading} tableClass="nat-communes">
        <thead>
          <tr>
            <RankHeadings unit={t('nat.commune')} />
          </tr>
        </thead>
        <tbody>
          {ranked.map(({ unit, value, rank }) => (
            <tr key={unit.code}>
              <RankCells rank={rank} value={show(value)}>
                <button type="button" class="button button-quiet" aria-label={t('nat.open_villages', { name: unit.name })} onClick={() => setCommune(unit)}>
                  {unit.name}
                </button>
              </RankCells>
            </tr>
          ))}
        </tbody>
      </TableBox>
      {commune && <Villages commune={commune} year={year} indicator={indicator} show={show} />}
    </section>
  );
}

/** A commune's villages, read from the province's server now: there only while it answers. */
function Villages({
  commune,
  year,
  indicator,
  show,
}: {
  commune: { code: string; name: string };
  year: number;
  indicator: Indicator;
  show: (v: number | null) => string;
}) {
  const { t } = useI18n();
  const live = useApi<LiveVillages>(withQuery(`/api/national/communes/${commune.code}/villages`, { period: year }));
  const cells = (live.data?.cells ?? []).filter((c) => c.indicator === indicator.code);
  return (
    <section aria-labelledby="nat-villages">
      <h3 id="nat-villages">{t('nat.villages', { name: commune.name })}</h3>
      {live.error && <ErrorNotice error={live.error} onRetry={live.reload} />}
      {!live.data && !live.error && <Loading lines={4} />}
      {live.data && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('nat.village')}</th>
              <th scope="col" class="num">
                {t('nat.value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {cells.map((c) => (
              <tr key={c.orgUnit}>
                <th scope="row">
                  {c.orgUnitName} {c.isDemo && <span class="badge badge-demo">{t('nat.demo')}</span>}
                </th>
                <td class="num">{show(c.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
