import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToText, daysInMonth, isIsoDay, readDayText, tidyDayText } from './date-text.rules.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A real day between 1900 and 2100, as the app keeps it. */
const isoDay = fc
  .record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter(({ year, month, day }) => day <= daysInMonth(year, month))
  .map(({ year, month, day }) => ({ year, month, day, iso: `${year}-${pad(month, 2)}-${pad(day, 2)}` }));

describe('a date typed as dd/mm/yyyy', () => {
  it('reads back every day it writes (round trip)', () => {
    fc.assert(
      fc.property(isoDay, ({ iso }) => {
        const text = dayToText(iso);
        expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(readDayText(text)).toEqual({ state: 'day', day: iso });
      }),
    );
  });

  it('reads a day with or without leading zeros, with any of / . - or a space between, and as eight digits', () => {
    fc.assert(
      fc.property(isoDay, fc.constantFrom('/', '.', '-', ' ', ' / '), fc.boolean(), ({ year, month, day, iso }, separator, padded) => {
        const [d, m] = padded ? [pad(day, 2), pad(month, 2)] : [String(day), String(month)];
        expect(readDayText(`  ${d}${separator}${m}${separator}${year} `)).toEqual({ state: 'day', day: iso });
        expect(readDayText(`${pad(day, 2)}${pad(month, 2)}${year}`)).toEqual({ state: 'day', day: iso });
      }),
    );
  });

  it('reads the day first, as Vietnam writes it, never the month', () => {
    expect(readDayText('05/12/2025')).toEqual({ state: 'day', day: '2025-12-05' });
    expect(readDayText('12/05/2025')).toEqual({ state: 'day', day: '2025-05-12' });
  });

  it('says the day does not exist when the month has no such day, and only then', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 99 }), (year, month, day) => {
        const read = readDayText(`${day}/${month}/${year}`);
        if (day <= daysInMonth(year, month)) expect(read.state).toBe('day');
        else expect(read).toEqual({ state: 'problem', problem: 'no_such_day' });
      }),
    );
    expect(readDayText('29/02/2024').state).toBe('day');
    expect(readDayText('29/02/2025')).toEqual({ state: 'problem', problem: 'no_such_day' });
    expect(readDayText('29/02/1900')).toEqual({ state: 'problem', problem: 'no_such_day' });
    expect(readDayText('29/02/2000').state).toBe('day');
    expect(readDayText('05/13/2025')).toEqual({ state: 'problem', problem: 'no_such_day' });
    expect(readDayText('00/12/2025')).toEqual({ state: 'problem', problem: 'no_such_day' });
  });

  it('asks for the dd/mm/yyyy shape when the text has another one', () => {
    for (const text of ['5/12/25', '2025/12/05', '5/12', 'hôm nay', '05122025x', '1/2/3/2025', '512025']) {
      expect(readDayText(text), text).toEqual({ state: 'problem', problem: 'format' });
    }
  });

  it('is empty, not wrong, when nothing is typed', () => {
    expect(readDayText('')).toEqual({ state: 'empty' });
    expect(readDayText('   ')).toEqual({ state: 'empty' });
  });

  it('reads a day pasted year first (YYYY-MM-DD), which cannot be mistaken', () => {
    fc.assert(
      fc.property(isoDay, ({ iso }) => {
        expect(readDayText(iso)).toEqual({ state: 'day', day: iso });
      }),
    );
    expect(readDayText('2025-02-30')).toEqual({ state: 'problem', problem: 'no_such_day' });
  });

  it('writes a day back as dd/mm/yyyy once the field is left, whichever way it was typed, and leaves the rest as typed', () => {
    fc.assert(
      fc.property(isoDay, fc.constantFrom('/', '.', '-', ' '), fc.boolean(), ({ year, month, day, iso }, separator, padded) => {
        const [d, m] = padded ? [pad(day, 2), pad(month, 2)] : [String(day), String(month)];
        const tidy = tidyDayText(`${d}${separator}${m}${separator}${year}`);
        expect(tidy).toBe(dayToText(iso));
        expect(tidyDayText(`${pad(day, 2)}${pad(month, 2)}${year}`)).toBe(tidy);
        // Tidy once is tidy: leaving the field again changes nothing.
        expect(tidyDayText(tidy)).toBe(tidy);
      }),
    );
    expect(tidyDayText('20112026')).toBe('20/11/2026');
    expect(tidyDayText('20.11.2026')).toBe('20/11/2026');
    expect(tidyDayText('20-11-2026')).toBe('20/11/2026');
    expect(tidyDayText('2/3/2026')).toBe('02/03/2026');
    expect(tidyDayText(' 2026-03-02 ')).toBe('02/03/2026');
    for (const text of ['31/02/2025', 'hôm qua', '5/12/25', '', '2011202']) expect(tidyDayText(text), text).toBe(text);
  });

  it('shows what is not a day as it was typed, so the person can mend it', () => {
    expect(dayToText('2025-02-30')).toBe('2025-02-30');
    expect(dayToText('31/02/2025')).toBe('31/02/2025');
    expect(dayToText('')).toBe('');
    expect(isIsoDay('2025-02-28')).toBe(true);
    expect(isIsoDay('2025-02-29')).toBe(false);
  });
});
