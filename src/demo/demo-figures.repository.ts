import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { LEVEL } from '../territory/index.ts';

/**
 * The report's province figures for a year, counted from raw rows with the indicator
 * definitions of PRODUCT.md section 3. A coverage fact's state on a day is its latest record
 * observed on or before that day; the year's figures are taken on 31 December.
 */
export interface ProvinceFigures {
  year: number;
  villages: number;
  /** VIL_NO_MOBILE: no operator with stable 3G, 4G or 5G. */
  villagesWithoutStableMobile: number;
  /** VIL_NO_BROADBAND: no operator's fibre reaches the village. */
  villagesWithoutBroadband: number;
  communes: number;
  /** COM_FIBER numerator: some operator has a fibre point of presence. */
  communesWithFiber: number;
  /** COV_3G_POP: residents (the year's surveys) and those living in villages with stable 3G or better. */
  residents: number;
  residentsCovered3G: number;
  /** HH_FIBER: households surveyed that year and those with home fibre. */
  households: number;
  householdsWithFiber: number;
  /** ADULT_EPAY: adults (15+) and those with an e-payment account. */
  adults: number;
  adultsWithEpay: number;
  /** SUB_SMARTPHONE: operator-reported smartphone subscribers at the year end. */
  smartphoneSubscribers: number;
}

/** Each village's, operator's and technology's quality on `day`. */
const mobileStateOn = (day: string) => sql`
  select distinct on (village_code, operator_code, technology) village_code, technology, quality
  from mobile_coverage
  where observed_on <= ${day}::date
  order by village_code, operator_code, technology, observed_on desc`;

export async function measureProvinceFigures(db: Db, year: number): Promise<ProvinceFigures> {
  const yearEnd = `${year}-12-31`;
  const { rows: villageRows } = await sql<{ villages: number; without_mobile: number; without_broadband: number }>`
    with mobile as (${mobileStateOn(yearEnd)}), fiber as (
      select distinct on (village_code, operator_code) village_code, fiber_reaches
      from fixed_broadband
      where observed_on <= ${yearEnd}::date
      order by village_code, operator_code, observed_on desc
    )
    select
      count(*)::int as villages,
      count(*) filter (where not exists (
        select 1 from mobile m where m.village_code = v.code and m.quality = 'stable' and m.technology in ('3G', '4G', '5G')
      ))::int as without_mobile,
      count(*) filter (where not exists (
        select 1 from fiber f where f.village_code = v.code and f.fiber_reaches
      ))::int as without_broadband
    from org_unit v
    where v.level = ${LEVEL.village}`.execute(db);

  const { rows: communeRows } = await sql<{ communes: number; with_fiber: number }>`
    with presence as (
      select distinct on (commune_code, operator_code) commune_code, has_point_of_presence
      from commune_fiber
      where observed_on <= ${yearEnd}::date
      order by commune_code, operator_code, observed_on desc
    )
    select
      count(*)::int as communes,
      count(*) filter (where exists (
        select 1 from presence p where p.commune_code = c.code and p.has_point_of_presence
      ))::int as with_fiber
    from org_unit c
    where c.level = ${LEVEL.commune}`.execute(db);

  const { rows: surveyRows } = await sql<{
    residents: number;
    covered: number;
    households: number;
    with_fiber: number;
    adults: number;
    with_epay: number;
  }>`
    with covered as (
      select distinct village_code
      from (${mobileStateOn(yearEnd)}) latest
      where quality = 'stable' and technology in ('3G', '4G', '5G')
    )
    select
      coalesce(sum(s.members), 0)::int as residents,
      coalesce(sum(s.members) filter (where c.village_code is not null), 0)::int as covered,
      count(*)::int as households,
      count(*) filter (where s.home_ftth)::int as with_fiber,
      coalesce(sum(s.adults), 0)::int as adults,
      coalesce(sum(s.epay_adults), 0)::int as with_epay
    from household_survey s
    left join covered c on c.village_code = s.village_code
    where s.surveyed_on between ${`${year}-01-01`}::date and ${yearEnd}::date`.execute(db);

  const { rows: subscriberRows } = await sql<{ subscribers: number }>`
    select coalesce(sum(smartphone_subscribers), 0)::int as subscribers
    from subscriber_report
    where reported_on = ${yearEnd}::date`.execute(db);

  const v = villageRows[0];
  const c = communeRows[0];
  const s = surveyRows[0];
  const subscribers = subscriberRows[0];
  if (!v || !c || !s || !subscribers) throw new Error('An aggregate query returned no row.');
  return {
    year,
    villages: v.villages,
    villagesWithoutStableMobile: v.without_mobile,
    villagesWithoutBroadband: v.without_broadband,
    communes: c.communes,
    communesWithFiber: c.with_fiber,
    residents: s.residents,
    residentsCovered3G: s.covered,
    households: s.households,
    householdsWithFiber: s.with_fiber,
    adults: s.adults,
    adultsWithEpay: s.with_epay,
    smartphoneSubscribers: subscribers.subscribers,
  };
}
