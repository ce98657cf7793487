import { describe, expect, it } from 'vitest';
import { addMessages, dictionaries, messagesFor, translate } from './i18n.ts';
import { dashboardEn, dashboardVi } from '../dashboard/dashboard.i18n.ts';
import { teamActivityEn, teamActivityVi } from '../teams/team-activity.i18n.ts';
import { teamRosterEn, teamRosterVi } from '../teams/team-roster.i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the interface dictionary', () => {
  it('leaves the strings of pages loaded on demand out of the shell, and shows a key not yet loaded as itself', () => {
    expect([...Object.keys(dashboardVi), ...Object.keys(teamActivityVi), ...Object.keys(teamRosterVi)].filter((key) => key in dictionaries.vi)).toEqual([]);
    expect(translate('vi', 'dash.title')).toBe('dash.title');
    addMessages(dashboardVi, dashboardEn);
    addMessages(teamActivityVi, teamActivityEn);
    addMessages(teamRosterVi, teamRosterEn);
    expect(translate('vi', 'dash.title')).toBe('Bảng điều khiển chuyển đổi số');
    expect(translate('en', 'nav.dashboard')).toBe('Dashboard');
  });

  it('has every key in both languages, none empty', () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.vi).sort());
    for (const lang of ['vi', 'en'] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('fills the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(dictionaries.vi)) {
      expect(placeholders(dictionaries.en[key as keyof typeof dictionaries.en] ?? ''), key).toEqual(placeholders(text ?? ''));
    }
  });

  it('fills values in, and leaves an unknown placeholder visible rather than blank', () => {
    expect(translate('vi', 'pager.range', { first: 1, last: 50, total: 55 })).toBe('1–50 trên 55');
    expect(translate('en', 'pager.range', { first: 1 })).toBe('1–{last} of {total}');
    expect(messagesFor('households.saved', { label: 'Hộ 012' })).toEqual({ vi: 'Đã lưu Hộ 012.', en: 'Hộ 012 saved.' });
  });
});
