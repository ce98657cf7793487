import { describe, expect, it } from 'vitest';
import { communeMap, type BoundaryCollection } from './boundaries.rules.ts';

const square: BoundaryCollection['features'][number]['geometry'] = {
  type: 'Polygon',
  coordinates: [
    [
      [106, 21],
      [106.1, 21],
      [106.1, 21.1],
      [106, 21],
    ],
  ],
};

describe('a province’s commune map', () => {
  it('draws the outline where one is shipped, a point at the centroid elsewhere, and leaves off a commune with neither', () => {
    const outlines: BoundaryCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '06625', name: 'Kiên Mộc', population: 9000 }, geometry: square }],
    };
    const map = communeMap(
      [
        { code: '06625', name: 'Kiên Mộc', latitude: 21.9, longitude: 106.5 },
        { code: '06376', name: 'Nhất Hòa', latitude: 21.712345, longitude: 106.412345 },
        { code: '06999', name: 'Không Rõ', latitude: null, longitude: null },
      ],
      outlines,
    );
    expect(map.features).toEqual([
      { type: 'Feature', properties: { code: '06625', name: 'Kiên Mộc' }, geometry: square },
      { type: 'Feature', properties: { code: '06376', name: 'Nhất Hòa' }, geometry: { type: 'Point', coordinates: [106.4123, 21.7123] } },
    ]);
  });
});
