import { describe, expect, it } from 'vitest';
import { fieldText, relativeTime, timeUntil, waitingText } from './field.i18n.ts';
import './screens.i18n.ts';

const NOW = Date.parse('2025-08-01T09:00:00Z'); // 16:00 in Vietnam

describe('the field app’s words', () => {
  it('says how long ago the last sync was, on Vietnam’s calendar, in both languages', () => {
    expect(relativeTime('2025-08-01T08:59:30Z', NOW, 'vi')).toBe('vừa xong');
    expect(relativeTime('2025-08-01T08:55:00Z', NOW, 'vi')).toBe('5 phút trước');
    expect(relativeTime('2025-08-01T08:55:00Z', NOW, 'en')).toBe('5 min ago');
    expect(relativeTime('2025-08-01T02:00:00Z', NOW, 'vi')).toBe('7 giờ trước');
    // 23:30 on 31 July in Vietnam is yesterday there, though the same UTC day.
    expect(relativeTime('2025-07-31T16:30:00Z', NOW, 'vi')).toBe('hôm qua, 23:30');
    expect(relativeTime('2025-07-31T16:30:00Z', NOW, 'en')).toBe('yesterday, 23:30');
    expect(relativeTime('2025-07-28T01:00:00Z', NOW, 'en')).toBe('4 days ago');
    expect(relativeTime('2025-06-01T01:00:00Z', NOW, 'vi')).toBe('01/06/2025');
    expect(relativeTime('not a date', NOW, 'vi')).toBe('');
  });

  it('counts the changes waiting, with English plurals', () => {
    expect(waitingText('vi', 4)).toBe('4 thay đổi chờ gửi');
    expect(waitingText('vi', 0)).toBe('0 thay đổi chờ gửi');
    expect(waitingText('en', 1)).toBe('1 change waiting');
    expect(waitingText('en', 4)).toBe('4 changes waiting');
  });

  it('says when the next attempt is due', () => {
    expect(timeUntil(NOW + 12_300, NOW, 'vi')).toBe('sau 13 giây');
    expect(timeUntil(NOW + 4 * 60_000, NOW, 'en')).toBe('in 4 min');
  });

  it('fills in values and leaves unknown placeholders visible', () => {
    expect(fieldText('en', 'list.count', { shown: 3, total: 55 })).toBe('3 of 55 households');
    expect(fieldText('vi', 'list.count', { shown: 3 })).toBe('3 trên {total} hộ');
  });
});
