import type { Db } from '../platform/database.ts';
import { measureProvinceFigures, type ProvinceFigures } from './demo-figures.repository.ts';
import { percent } from './demo.rules.ts';
import { generateDemoProvince, type DemoOptions } from './generate-demo-province.ts';

/** `banso demo` on a prepared database: generates the demo province, then prints what it measures. */
export async function runDemoCommand(db: Db, options: { seed: number; scale: number }): Promise<void> {
  const summary = await generateDemoProvince(db, { ...options, onProgress: printProgress });
  console.log(
    `Demo province (seed ${options.seed}, scale ${options.scale}): ${summary.villages} villages, ${summary.households} households, ` +
      `${summary.residents} residents, ${summary.surveys} surveys, ${summary.coverageRecords} coverage records, ` +
      `${summary.teams} community digital teams (${summary.teamMembers} members, ${summary.teamMembersTrained} trained), ` +
      `${summary.trainings} trainings, ${summary.visits} support visits, in ${summary.seconds} s.`,
  );
  for (const year of [2021, 2025]) console.log(describeFigures(await measureProvinceFigures(db, year)));
}

/** One line per step: rewritten in place on a terminal, printed once when done otherwise. */
const printProgress: NonNullable<DemoOptions['onProgress']> = (step, done, total) => {
  const line = `${step} ${done}/${total}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total) console.log(line);
};

/** "99.7%", or "–" without a denominator. */
function shareOf(numerator: number, denominator: number): string {
  const value = percent(numerator, denominator, 1);
  return value === null ? '–' : `${value.toFixed(1)}%`;
}

function describeFigures(f: ProvinceFigures): string {
  return [
    `Figures ${f.year}:`,
    `  VIL_NO_MOBILE     ${f.villagesWithoutStableMobile} of ${f.villages} villages without stable 3G/4G`,
    `  VIL_NO_BROADBAND  ${f.villagesWithoutBroadband} villages without fibre`,
    `  COM_FIBER         ${shareOf(f.communesWithFiber, f.communes)} (${f.communesWithFiber}/${f.communes} communes)`,
    `  COV_3G_POP        ${shareOf(f.residentsCovered3G, f.residents)} of ${f.residents} residents`,
    `  HH_FIBER          ${shareOf(f.householdsWithFiber, f.households)} of ${f.households} households`,
    `  ADULT_EPAY        ${shareOf(f.adultsWithEpay, f.adults)} of ${f.adults} adults`,
    `  SUB_SMARTPHONE    ${f.smartphoneSubscribers} smartphone subscribers`,
  ].join('\n');
}
