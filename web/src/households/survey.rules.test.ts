import { describe, expect, it } from 'vitest';
import { draftFrom, readSurvey, type SurveyDraft } from './survey.rules.ts';

const TODAY = '2025-08-01';
const draft = (changes: Partial<SurveyDraft> = {}): SurveyDraft => ({
  surveyedOn: '2025-07-15',
  members: '5',
  adults: '3',
  smartphoneOwners: '2',
  epayAdults: '2',
  homeFtth: true,
  vneidUsers: '2',
  ehealthUsers: '1',
  bankingUsers: '2',
  ...changes,
});

describe('reading a survey form', () => {
  it('turns a consistent draft into a survey', () => {
    expect(readSurvey(draft(), TODAY)).toEqual({
      survey: {
        surveyedOn: '2025-07-15',
        members: 5,
        adults: 3,
        smartphoneOwners: 2,
        epayAdults: 2,
        homeFtth: true,
        vneidUsers: 2,
        ehealthUsers: 1,
        bankingUsers: 2,
      },
    });
  });

  it('names the field of each problem, in both languages', () => {
    const read = readSurvey(draft({ members: '0', adults: 'ba' }), TODAY);
    expect(read).toEqual({
      problems: {
        members: { vi: 'Nhập một số nguyên từ 1 đến 60.', en: 'Enter a whole number from 1 to 60.' },
        adults: { vi: 'Nhập một số nguyên từ 0 đến 60.', en: 'Enter a whole number from 0 to 60.' },
      },
    });
  });

  it('applies the server’s own consistency rules', () => {
    const read = readSurvey(draft({ vneidUsers: '3', surveyedOn: '2025-08-02' }), TODAY);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['surveyedOn', 'vneidUsers']);
    expect('problems' in read && read.problems.vneidUsers?.en).toBe('VNeID users cannot outnumber smartphone owners.');
  });

  it('starts an update from the latest survey, dated today', () => {
    const latest = {
      surveyedOn: '2024-01-01',
      members: 4,
      adults: 2,
      smartphoneOwners: 1,
      epayAdults: 1,
      homeFtth: false,
      vneidUsers: 1,
      ehealthUsers: 0,
      bankingUsers: 1,
    };
    expect(draftFrom(latest, TODAY)).toMatchObject({ surveyedOn: TODAY, members: '4', ehealthUsers: '0', homeFtth: false });
    expect(draftFrom(null, TODAY)).toMatchObject({ surveyedOn: TODAY, members: '' });
  });
});
