import type { Db } from '../platform/database.ts';
import { measureProvinceFigures, type ProvinceFigures } from './demo-figures.repository.ts';
import { percent } from './demo.rules.ts';
import { generateDemoProvince } from './generate-demo-province.ts';
import { printProgress } from '../platform/progress.ts';

/** `banso demo` on a prepared database: generates the demo province, then prints what it measures. */
export async function runDemoCommand(db: Db, options: { seed: number; scale: number }): Promise<void> {
  const summary = await generateDemoProvince(db, { ...options, onProgress: printProgress() });
  console.log(
    `Demo province (seed ${options.seed}, scale ${options.scale}): ${n(summary.villages)} villages, ${n(summary.households)} households, ` +
      `${n(summary.residents)} residents, ${n(summary.surveys)} surveys, ${n(summary.coverageRecords)} coverage records, ` +
      `${n(summary.teams)} community digital teams (${n(summary.teamMembers)} members, ${n(summary.teamMembersTrained)} trained), ` +
      `${n(summary.trainings)} trainings, ${n(summary.visits)} support visits, in ${summary.seconds} s.`,
  );
  for (const year of [2021, 2025]) console.log(describeFigures(await measureProvinceFigures(db, year)));
}

/** The command speaks English: English digit grouping (1,680, not 1.680). */
const n = (value: number) => value.toLocaleString('en');

/** "99.7%", or "–" without a denominator. */
function shareOf(numerator: number, denominator: number): string {
  const value = percent(numerator, denominator, 1);
  return value === null ? '–' : `${value.toFixed(1)}%`;
}

function describeFigures(f: ProvinceFigures): string {
  return [
    `Figures ${f.year}:`,
    `  VIL_NO_MOBILE     ${n(f.villagesWithoutStableMobile)} of ${n(f.villages)} villages without stable 3G/4G`,
    `  VIL_NO_BROADBAND  ${n(f.villagesWithoutBroadband)} villages without fibre`,
    `  COM_FIBER         ${shareOf(f.communesWithFiber, f.communes)} (${f.communesWithFiber}/${f.communes} communes)`,
    `  COV_3G_POP        ${shareOf(f.residentsCovered3G, f.residents)} of ${n(f.residents)} residents`,
    `  HH_FIBER          ${shareOf(f.householdsWithFiber, f.households)} of ${n(f.households)} households`,
    `  ADULT_EPAY        ${shareOf(f.adultsWithEpay, f.adults)} of ${n(f.adults)} adults`,
    `  SUB_SMARTPHONE    ${n(f.smartphoneSubscribers)} smartphone subscribers`,
  ].join('\n');
}
