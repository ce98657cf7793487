import { describe, expect, it } from 'vitest';
import { toAdx, toDataValueSet } from './interoperability.rules.ts';
import { suppressionNote } from './small-cells.rules.ts';

const NOTE = suppressionNote(5);

const exported = new Date('2026-11-25T03:00:00Z');
const values = [
  { dataElement: 'HOUSEHOLDS', orgUnit: '06625', period: '2025', value: 55 },
  { dataElement: 'RESIDENTS', orgUnit: '06625', period: '2025', value: 312 },
  { dataElement: 'HOUSEHOLDS', orgUnit: '06376', period: '2025', value: 40 },
];

describe('DHIS2 and ADX exports', () => {
  it('write DHIS2 values as strings with yearly periods', () => {
    expect(toDataValueSet(values, exported).dataValues[1]).toEqual({ dataElement: 'RESIDENTS', period: '2025', orgUnit: '06625', value: '312' });
  });

  it('group ADX values by unit and ISO 8601 period', () => {
    const adx = toAdx(values, exported, NOTE);
    expect(adx.match(/<group /g)).toHaveLength(2);
    expect(adx).toContain(
      '<group orgUnit="06625" period="2025-01-01/P1Y" dataSet="BANSO">\n    <dataValue dataElement="HOUSEHOLDS" value="55"/>\n    <dataValue dataElement="RESIDENTS" value="312"/>\n  </group>',
    );
    expect(adx).toContain('exported="2026-11-25T03:00:00.000Z"');
  });

  it('write quarters and months as DHIS2 periods, and as ISO 8601 intervals in ADX', () => {
    const subYear = [
      { dataElement: 'VISITS', orgUnit: '20', period: '2025Q1', value: 9 },
      { dataElement: 'VISITS', orgUnit: '20', period: '202503', value: 4 },
    ];
    expect(toDataValueSet(subYear, exported).dataValues.map((v) => v.period)).toEqual(['2025Q1', '202503']);
    const adx = toAdx(subYear, exported, NOTE);
    expect(adx).toContain('<group orgUnit="20" period="2025-01-01/P3M" dataSet="BANSO">\n    <dataValue dataElement="VISITS" value="9"/>');
    expect(adx).toContain('<group orgUnit="20" period="2025-03-01/P1M" dataSet="BANSO">\n    <dataValue dataElement="VISITS" value="4"/>');
  });

  it('escape what XML would misread', () => {
    expect(toAdx([{ dataElement: 'A&B', orgUnit: '<x>', period: '2025', value: 1 }], exported, NOTE)).toContain('dataElement="A&amp;B"');
  });
});
