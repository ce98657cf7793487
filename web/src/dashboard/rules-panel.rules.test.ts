import { beforeAll, describe, expect, it } from 'vitest';
import { addMessages } from '../platform/i18n.ts';
import { dashboardEn, dashboardVi } from './dashboard.i18n.ts';
import { draftFrom, emptyDraft, problemsFrom, readRule, ruleInWords, ruleText, ruleUrl, type RuleContext, type RuleDraft } from './rules-panel.rules.ts';

// The messages are the dashboard's, which join the dictionary when its chunk loads.
beforeAll(() => addMessages(dashboardVi, dashboardEn));

const ELEMENTS = new Set(['HOUSEHOLDS', 'HOUSEHOLDS_WITH_FTTH', 'RESIDENTS']);
const adding: RuleContext = { adding: true, takenCodes: new Set(['households.adults_within_residents']), dataElements: ELEMENTS };
const editing: RuleContext = { ...adding, adding: false };

const fibre: RuleDraft = {
  code: ' households.fibre_check ',
  vi: ' Hộ có cáp quang ≤ số hộ ',
  en: 'Households with fibre ≤ households',
  leftSide: ' HOUSEHOLDS_WITH_FTTH ',
  operator: '<=',
  rightSide: 'HOUSEHOLDS',
};

describe('a rule as typed in the form', () => {
  it('becomes the request: the code for the address, the rest trimmed into the body', () => {
    expect(readRule(fibre, adding)).toEqual({
      code: 'households.fibre_check',
      body: {
        leftSide: 'HOUSEHOLDS_WITH_FTTH',
        operator: '<=',
        rightSide: 'HOUSEHOLDS',
        description: { vi: 'Hộ có cáp quang ≤ số hộ', en: 'Households with fibre ≤ households' },
      },
    });
  });

  it('says which fields are missing, every one of them at once', () => {
    const read = readRule(emptyDraft(), adding);
    expect(read).toEqual({
      problems: {
        code: { vi: 'Hãy nhập mã quy tắc.', en: 'Enter a rule code.' },
        vi: { vi: 'Hãy nhập mô tả bằng tiếng Việt.', en: 'Enter a description in Vietnamese.' },
        en: { vi: 'Hãy nhập mô tả bằng tiếng Anh.', en: 'Enter a description in English.' },
        // "Enter the left side", not the parser's "wrong at character 1".
        leftSide: { vi: 'Hãy nhập vế trái.', en: 'Enter the left side.' },
        rightSide: { vi: 'Hãy nhập vế phải.', en: 'Enter the right side.' },
      },
    });
  });

  it.each(['Households.x', 'ab', '1abc', 'có.dấu', 'a b c', `a${'b'.repeat(61)}`])('refuses the code %s as the API would', (code) => {
    const read = readRule({ ...fibre, code }, adding);
    expect('problems' in read && read.problems.code?.en).toMatch(/^A rule code is 3 to 61 characters/);
  });

  it('refuses a new rule whose code is taken, which would silently replace that rule', () => {
    const read = readRule({ ...fibre, code: 'households.adults_within_residents' }, adding);
    expect('problems' in read && read.problems.code?.vi).toBe(
      'Đã có quy tắc mã households.adults_within_residents: hãy chọn mã khác, hoặc sửa quy tắc đó trong danh sách.',
    );
  });

  it('does not check the code of a rule being edited: it is the rule’s own', () => {
    const rule = {
      code: 'households.adults_within_residents',
      leftSide: 'RESIDENTS',
      operator: '>=' as const,
      rightSide: '0',
      description: { vi: 'a', en: 'b' },
    };
    expect(readRule(draftFrom(rule), editing)).toEqual({
      code: rule.code,
      body: { leftSide: 'RESIDENTS', operator: '>=', rightSide: '0', description: { vi: 'a', en: 'b' } },
    });
  });

  it('refuses an unknown data element with the server’s own words, on the side it is on', () => {
    const read = readRule({ ...fibre, rightSide: 'HOUSEHOLDS + GHOSTS' }, adding);
    expect(read).toEqual({ problems: { rightSide: { vi: 'Không có phần tử dữ liệu GHOSTS.', en: 'There is no data element GHOSTS.' } } });
  });

  it('refuses a side that does not parse, saying where', () => {
    const read = readRule({ ...fibre, leftSide: 'HOUSEHOLDS_WITH_FTTH +' }, adding);
    expect(read).toEqual({ problems: { leftSide: { vi: 'Biểu thức sai ở ký tự 23.', en: 'Not a valid expression (at character 23).' } } });
  });

  it('leaves the references to the server while the data elements have not arrived, but still checks the syntax', () => {
    expect('body' in readRule({ ...fibre, rightSide: 'GHOSTS' }, { ...adding, dataElements: null })).toBe(true);
    expect('problems' in readRule({ ...fibre, rightSide: 'GHOSTS )' }, { ...adding, dataElements: null })).toBe(true);
  });

  it('refuses a description longer than the API takes', () => {
    const read = readRule({ ...fibre, en: 'x'.repeat(301) }, adding);
    expect(read).toEqual({ problems: { en: { vi: 'Dài quá 300 ký tự.', en: 'Longer than 300 characters.' } } });
  });
});

describe('the server’s refusal', () => {
  it('is shown under the fields it names, the first issue per field, by the field’s last part', () => {
    const problems = problemsFrom([
      { code: 'validation_rule.unknown_reference', field: 'leftSide', message: { vi: 'Không có phần tử dữ liệu A.', en: 'There is no data element A.' } },
      { code: 'validation_rule.unknown_reference', field: 'leftSide', message: { vi: 'Không có phần tử dữ liệu B.', en: 'There is no data element B.' } },
      { code: 'validation.invalid', field: 'description.en', message: { vi: 'Giá trị không hợp lệ', en: 'Invalid value' } },
      { code: 'validation.invalid', field: 'limit', message: { vi: 'x', en: 'x' } },
      { code: 'auth.forbidden', message: { vi: 'y', en: 'y' } },
    ]);
    expect(problems).toEqual({
      leftSide: { vi: 'Không có phần tử dữ liệu A.', en: 'There is no data element A.' },
      en: { vi: 'Giá trị không hợp lệ', en: 'Invalid value' },
    });
  });
});

describe('a rule written out', () => {
  const rule = { leftSide: 'HOUSEHOLDS_WITH_FTTH + 2 * RESIDENTS', operator: '>=' as const, rightSide: 'GHOSTS' };
  const names: Record<string, string> = { HOUSEHOLDS_WITH_FTTH: 'Hộ có cáp quang tại nhà', RESIDENTS: 'Nhân khẩu' };

  it('with the sign people read', () => {
    expect(ruleText(rule)).toBe('HOUSEHOLDS_WITH_FTTH + 2 * RESIDENTS ≥ GHOSTS');
    expect(ruleText({ ...rule, operator: '<=' })).toContain(' ≤ ');
  });

  it('in words: names for codes, numbers kept, an unknown code left as it is', () => {
    expect(ruleInWords(rule, (code) => names[code])).toBe('Hộ có cáp quang tại nhà + 2 * Nhân khẩu ≥ GHOSTS');
  });

  it('keeps a decimal number whole', () => {
    expect(ruleInWords({ leftSide: 'RESIDENTS * 0.5', operator: '<', rightSide: '1.25' }, (code) => names[code])).toBe('Nhân khẩu * 0.5 < 1.25');
  });
});

it('puts the code in the address, escaped', () => {
  expect(ruleUrl('households.x_y')).toBe('/api/validation-rules/households.x_y');
  expect(ruleUrl('a/b')).toBe('/api/validation-rules/a%2Fb');
});
