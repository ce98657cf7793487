import { describe, expect, it } from 'vitest';
import { draftFrom } from '../households/survey.rules.ts';
import {
  emptyTraining,
  emptyVisit,
  readRegistration,
  readTraining,
  readVisit,
  sumOf,
  trainingDraftFrom,
  visitDraftFrom,
  type RegistrationDraft,
  type TrainingDraft,
} from './field-forms.rules.ts';

const TODAY = '2025-08-01';
const H1 = '0190a000-0000-7000-8000-000000000001';
const survey = {
  surveyedOn: '2025-07-01',
  members: 3,
  adults: 2,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 0,
  ehealthUsers: 0,
  bankingUsers: 1,
};

describe('the visit form', () => {
  it('turns what was ticked into a visit, in the order of the activities', () => {
    const draft = { ...emptyVisit(TODAY), people: { ehealth: '1', vneid_level2: '2' }, residentsGuided: '1', note: '  Hướng dẫn cài ứng dụng ' };
    expect(readVisit(draft, H1, TODAY, survey)).toEqual({
      visit: {
        householdId: H1,
        visitedOn: TODAY,
        activities: [
          { code: 'vneid_level2', people: 2 },
          { code: 'ehealth', people: 1 },
        ],
        residentsGuided: 1,
        note: 'Hướng dẫn cài ứng dụng',
      },
    });
  });

  it('refuses offline what the server would refuse, on the field at fault', () => {
    const read = readVisit({ ...emptyVisit('2025-08-02'), people: { banking_app: '1', vneid_level1: '5' } }, H1, TODAY, survey);
    expect(read).toEqual({
      problems: {
        visitedOn: { vi: 'Ngày hỗ trợ không thể ở tương lai.', en: 'The visit date cannot be in the future.' },
        'activity.vneid_level1': { vi: 'Hộ chỉ có 3 nhân khẩu.', en: 'The household has only 3 members.' },
      },
    });
    expect(readVisit(emptyVisit(TODAY), H1, TODAY, survey)).toEqual({
      problems: { activities: { vi: 'Hãy chọn ít nhất một việc đã làm.', en: 'Choose at least one thing that was done.' } },
    });
  });

  it('asks for whole numbers before anything else', () => {
    const read = readVisit({ ...emptyVisit(TODAY), people: { ehealth: '' }, residentsGuided: 'hai' }, H1, TODAY, survey);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['activity.ehealth', 'residentsGuided']);
  });

  it('comes back from a refused visit as it was typed', () => {
    const draft = visitDraftFrom({ visitedOn: '2025-07-30', activities: [{ code: 'ehealth', people: 2 }], residentsGuided: 1, note: null });
    expect(draft).toEqual({ visitedOn: '2025-07-30', people: { ehealth: '2' }, residentsGuided: '1', note: '' });
  });
});

describe('the training form', () => {
  const filled = (changes: Partial<TrainingDraft> = {}): TrainingDraft => ({
    ...emptyTraining(TODAY),
    topic: 'vneid',
    place: 'Nhà văn hóa thôn',
    trainer: 'Chị Hoàng Thị Lan',
    total: '12',
    female: '7',
    male: '5',
    byAge: { under15: '0', from15to29: '4', from30to59: '6', from60: '2' },
    ethnic: [
      { name: 'Tày', count: '9' },
      { name: 'Nùng', count: '3' },
      { name: '', count: '' },
    ],
    ...changes,
  });

  it('turns a consistent draft into a training', () => {
    const read = readTraining(filled(), '06625001', TODAY);
    expect(read).toEqual({
      training: {
        villageCode: '06625001',
        heldOn: TODAY,
        topic: 'vneid',
        place: 'Nhà văn hóa thôn',
        trainer: 'Chị Hoàng Thị Lan',
        attendees: { total: 12, female: 7, male: 5, byAge: { under15: 0, from15to29: 4, from30to59: 6, from60: 2 }, byEthnicGroup: { Tày: 9, Nùng: 3 } },
      },
    });
  });

  it('leaves the ethnic groups out when none is given', () => {
    const read = readTraining(filled({ ethnic: [{ name: '', count: '' }] }), '06625001', TODAY);
    expect('training' in read && read.training.attendees.byEthnicGroup).toBe(null);
  });

  it('says which breakdown does not add up, in the server’s words', () => {
    const read = readTraining(
      filled({ male: '4', byAge: { under15: '0', from15to29: '4', from30to59: '6', from60: '1' }, ethnic: [{ name: 'Tày', count: '10' }] }),
      '06625001',
      TODAY,
    );
    expect('problems' in read && read.problems).toEqual({
      female: { vi: 'Nữ (7) + nam (4) phải bằng tổng số (12).', en: 'Women (7) + men (4) must equal the total (12).' },
      byAge: { vi: 'Tổng theo nhóm tuổi (11) phải bằng tổng số (12).', en: 'The age groups (11) must add up to the total (12).' },
      ethnic: { vi: 'Tổng theo dân tộc (10) phải bằng tổng số (12).', en: 'The ethnic groups (10) must add up to the total (12).' },
    });
  });

  it('asks for the topic, the place and the trainer', () => {
    expect(readTraining(filled({ topic: '' }), '06625001', TODAY)).toEqual({ problems: { topic: { vi: 'Hãy chọn chủ đề.', en: 'Choose a topic.' } } });
    const read = readTraining(filled({ place: ' ', trainer: '' }), '06625001', TODAY);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['place', 'trainer']);
  });

  it('marks a count that is not a number, and an ethnic group without a name', () => {
    const read = readTraining(filled({ total: '', ethnic: [{ name: '', count: '3' }] }), '06625001', TODAY);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['ethnic.0', 'total']);
  });

  it('comes back from a refused training as it was typed, and sums as one types', () => {
    const read = readTraining(filled(), '06625001', TODAY);
    if (!('training' in read)) throw new Error('expected a training');
    expect(trainingDraftFrom({ id: 'x', ...read.training })).toMatchObject({
      total: '12',
      female: '7',
      ethnic: [
        { name: 'Tày', count: '9' },
        { name: 'Nùng', count: '3' },
      ],
    });
    expect(sumOf(['3', '', 'x', ' 4 '])).toBe(7);
  });
});

describe('the new household form', () => {
  const filled = (changes: Partial<RegistrationDraft> = {}): RegistrationDraft => ({ ...draftFrom(survey, TODAY), label: '  Hộ mới 01 ', ...changes });
  const labels = ['Hộ 001', 'Hộ 002'];

  it('turns a label and a consistent survey into a registration', () => {
    expect(readRegistration(filled(), TODAY, labels)).toEqual({ registration: { label: 'Hộ mới 01', survey: { ...survey, surveyedOn: TODAY } } });
  });

  it('refuses offline a label the village already uses, however the keyboard composed it', () => {
    // "Hộ 001" typed with a combining dot below and circumflex: the same label once composed.
    const decomposed = 'Ho\u0323\u0302 001';
    expect(decomposed).not.toBe('Hộ 001');
    expect(readRegistration(filled({ label: decomposed }), TODAY, labels)).toEqual({
      problems: { label: { vi: 'Thôn đã có hộ mang nhãn “Hộ 001”.', en: 'The village already has a household labelled “Hộ 001”.' } },
    });
  });

  it('refuses offline a label the village already uses with a no-break or zero-width space, as the server would', () => {
    for (const label of ['Hộ\u00a0001', 'Hộ\u200b 001', '\u202eHộ  001']) {
      expect(readRegistration(filled({ label }), TODAY, labels)).toMatchObject({
        problems: { label: { en: 'The village already has a household labelled “Hộ 001”.' } },
      });
    }
  });

  it('asks for a label, and marks the survey by the register’s own rules', () => {
    const read = readRegistration(filled({ label: ' ', adults: '9', members: '' }), TODAY, labels);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['label', 'members']);
    const inconsistent = readRegistration(filled({ adults: '9' }), TODAY, labels);
    expect('problems' in inconsistent && Object.keys(inconsistent.problems)).toEqual(['adults']);
    const long = readRegistration(filled({ label: 'H'.repeat(61) }), TODAY, labels);
    expect('problems' in long && long.problems.label?.en).toBe('At most 60 characters.');
  });
});
