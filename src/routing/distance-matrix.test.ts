import { describe, expect, it } from 'vitest';
import { euclideanMatrix, haversineMatrix, haversineMetres, haversineSource } from './distance-matrix.ts';

// Đình Lập town and Lạng Sơn city, about 60 km apart as the crow flies.
const dinhLap = { lat: 21.5453, lon: 107.0994, communeCode: '06610' };
const langSon = { lat: 21.8537, lon: 106.7615 };

describe('distance matrices', () => {
  it('measures the great-circle distance', () => {
    expect(haversineMetres(dinhLap, langSon) / 1000).toBeCloseTo(49.4, 0);
    expect(haversineMetres(langSon, langSon)).toBe(0);
  });

  it('stretches straight lines by the communes’ circuity, 1.4 unless the commune says otherwise', () => {
    const straight = haversineMetres(dinhLap, langSon);
    const byDefault = haversineMatrix([dinhLap, langSon]);
    expect(byDefault.distance[1]).toBeCloseTo(straight * 1.4, 6);
    expect(byDefault.duration[1]).toBeCloseTo((straight * 1.4) / 500, 6);
    const known = haversineMatrix([dinhLap, langSon], { circuityByCommune: { '06610': 1.8 }, speedKmh: 40 });
    expect(known.distance[1]).toBeCloseTo(straight * 1.6, 6);
    expect(known.distance[2]).toBe(known.distance[1]);
    expect(known.duration[1]).toBeCloseTo((straight * 1.6) / ((40 * 1000) / 60), 6);
  });

  it('serves the same matrix through the source interface a road engine would implement', async () => {
    expect(await haversineSource().matrix([dinhLap, langSon])).toEqual(haversineMatrix([dinhLap, langSon]));
  });

  it('rounds Euclidean edges only when asked (TSPLIB), with travel time equal to distance', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ];
    expect(euclideanMatrix(points).distance[1]).toBeCloseTo(Math.SQRT2, 12);
    expect(euclideanMatrix(points, 'nearest').distance[1]).toBe(1);
    expect(euclideanMatrix(points).duration[1]).toBe(euclideanMatrix(points).distance[1]);
  });
});
