/**
 * Aggregated data in the two formats a DHIS2 instance imports: its own dataValueSets JSON and
 * ADX, the IHE standard (urn:ihe:qrph:adx:2015). Periods are DHIS2's own in dataValueSets ("2025",
 * "2025Q1", "202503") and ISO 8601 intervals in ADX ("2025-01-01/P1Y", "2025-01-01/P3M",
 * "2025-03-01/P1M").
 */
import type { Message } from '../platform/errors.ts';
import { parsePeriod, toIsoInterval } from './periods.ts';

export interface AggregateValue {
  dataElement: string;
  orgUnit: string;
  period: string;
  value: number;
}

export function toDataValueSet(values: readonly AggregateValue[], exported: Date) {
  return {
    dataSet: 'BANSO',
    completeDate: exported.toISOString().slice(0, 10),
    dataValues: values.map((v) => ({ dataElement: v.dataElement, period: v.period, orgUnit: v.orgUnit, value: String(v.value) })),
  };
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function toAdx(values: readonly AggregateValue[], exported: Date, suppression: Message): string {
  const groups = new Map<string, AggregateValue[]>();
  for (const v of values) {
    const key = `${v.orgUnit}|${v.period}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const body = [...groups.values()]
    .map((group) => {
      const { orgUnit, period } = group[0]!;
      const parsed = parsePeriod(period);
      // Stored periods are the engine's own; one it cannot read is a fault to show, not to hide.
      if (!parsed) throw new Error(`Kỳ không hợp lệ / Invalid period: ${period}`);
      const lines = group.map((v) => `    <dataValue dataElement="${escapeXml(v.dataElement)}" value="${v.value}"/>`).join('\n');
      return `  <group orgUnit="${escapeXml(orgUnit)}" period="${escapeXml(toIsoInterval(parsed))}" dataSet="BANSO">\n${lines}\n  </group>`;
    })
    .join('\n');
  // A comment cannot hold "--": the note is written without it.
  const note = `${suppression.vi} / ${suppression.en}`.replaceAll('--', '- -');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${note} -->\n<adx xmlns="urn:ihe:qrph:adx:2015" exported="${exported.toISOString()}">\n${body}\n</adx>\n`;
}
