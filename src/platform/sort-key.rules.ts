/**
 * A byte-ordered key that sorts Vietnamese names the way a Vietnamese reader expects
 * (a < ă < â < b … d < đ …, then tones ngang < huyền < hỏi < ngã < sắc < nặng, then case).
 *
 * Written by hand because the database cannot do it everywhere: PGlite has no ICU collations and a
 * server's may differ, while `order by sort_key collate "C"` is the same on both. It follows
 * ICU's Vietnamese tailoring (what `Intl.Collator('vi')` does), checked by a property test.
 */
const ALPHABET = [...'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz'];
const TONES = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
const MODIFIED: Record<string, string> = { 'a\u0306': 'ă', 'a\u0302': 'â', 'e\u0302': 'ê', 'o\u0302': 'ô', 'o\u031b': 'ơ', 'u\u031b': 'ư' };

// Primary weights: space, then digits, then the alphabet, each one character in byte order.
const PRIMARY = new Map<string, string>([
  [' ', '\u0002'],
  ...[...'0123456789'].map((d, i): [string, string] => [d, String.fromCharCode(0x10 + i)]),
  ...ALPHABET.map((l, i): [string, string] => [l, String.fromCharCode(0x30 + i)]),
]);

interface Letter {
  base: string;
  tone: number;
  upper: boolean;
}

function letters(name: string): Letter[] {
  const out: Letter[] = [];
  for (const char of name.normalize('NFC')) {
    const decomposed = char.normalize('NFD');
    const lower = decomposed.toLowerCase();
    const tone = TONES.findIndex((t) => lower.includes(t)) + 1;
    const bare = [...lower].filter((c) => !TONES.includes(c)).join('');
    out.push({ base: MODIFIED[bare] ?? bare, tone, upper: lower !== decomposed });
  }
  return out;
}

export function vietnameseSortKey(name: string): string {
  const parts = letters(name.trim().replace(/\s+/g, ' '));
  // Characters outside the table keep their own order, after every letter.
  const primary = parts.map((p) => PRIMARY.get(p.base) ?? `\u007f${p.base}`).join('');
  const secondary = parts.map((p) => String(p.tone)).join('');
  const tertiary = parts.map((p) => (p.upper ? '1' : '0')).join('');
  return `${primary}\u0001${secondary}\u0001${tertiary}`;
}
