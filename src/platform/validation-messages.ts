import { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { readBilingual, type Message } from './errors.ts';

// zod's own Vietnamese and English wordings of its checks, so a person reads the whole message in
// one language ("Giá trị không hợp lệ: Invalid input…" mixed them).
const vi = z.locales.vi().localeError;
const en = z.locales.en().localeError;

const asText = (result: string | { message: string } | undefined | null): string | undefined =>
  typeof result === 'string' ? result : (result?.message ?? undefined);

/** One zod issue as a person reads it, in Vietnamese and English. */
export function describeIssue(issue: $ZodIssue): Message {
  if (issue.code === 'custom') return readBilingual(issue.message) ?? { vi: issue.message, en: issue.message };
  // A missing field reads better as "required" than as "expected string, received undefined".
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) return { vi: 'Bắt buộc phải có.', en: 'Required.' };
  const raw = issue as Parameters<typeof vi>[0];
  return { vi: asText(vi(raw)) ?? 'Giá trị không hợp lệ.', en: asText(en(raw)) ?? issue.message };
}
