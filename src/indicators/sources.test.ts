import { describe, expect, it } from 'vitest';
import { registerModules } from '../compose.ts';
import { ADOPTION_ELEMENTS, SURVEY_ELEMENTS } from '../households/index.ts';
import { COVERAGE_ELEMENTS } from '../coverage/index.ts';
import { TEAM_ELEMENTS } from '../teams/index.ts';
import { dataSources, indicatorDeclarations, sourcesAffectedBy } from './sources.ts';

const affected = (elements: readonly string[] | undefined) => sourcesAffectedBy(elements).map((s) => s.name);

describe('the sources a change recomputes', () => {
  registerModules();

  it('are those that compute the elements it names, and those that read them', () => {
    // A registration or a survey: the households' source, and coverage, which counts residents.
    expect(affected(SURVEY_ELEMENTS)).toEqual(['households', 'village-coverage']);
    // A visit within its survey's year: the teams' flows and the survey's adoption counts only.
    expect(affected([...TEAM_ELEMENTS, ...ADOPTION_ELEMENTS])).toEqual(['households', 'teams']);
    expect(affected(TEAM_ELEMENTS)).toEqual(['teams']);
    expect(affected(COVERAGE_ELEMENTS)).toEqual(['village-coverage', 'commune-infrastructure']);
    expect(affected(undefined)).toEqual(dataSources().map((s) => s.name));
    expect(affected([])).toEqual([]);
  });

  it('are registered once however often the modules are composed', () => {
    const before = [dataSources().length, indicatorDeclarations().length];
    registerModules();
    expect([dataSources().length, indicatorDeclarations().length]).toEqual(before);
  });
});
