/**
 * Leaflet, loaded only when the map is opened (dynamic import), with no tile layer: the app runs
 * without the internet, and the communes' own outlines are the map.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface CommuneFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: unknown }[];
}

export interface MapHandle {
  update: (colourOf: (code: string) => string, tooltipOf: (code: string, name: string) => string) => void;
  destroy: () => void;
}

export function createCommuneMap(element: HTMLElement, boundaries: CommuneFeatureCollection, onSelect: (code: string) => void): MapHandle {
  const map = L.map(element, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
  const layer = L.geoJSON(boundaries as unknown as GeoJSON.FeatureCollection, {
    style: () => ({ color: '#ffffff', weight: 1, fillOpacity: 0.85, fillColor: '#d5dbd3' }),
  }).addTo(map);
  layer.eachLayer((feature) => {
    const properties = (feature as L.Path & { feature: { properties: { code: string } } }).feature.properties;
    feature.on('click', () => onSelect(properties.code));
    feature.on('mouseover', () => (feature as L.Path).setStyle({ weight: 3, color: '#1c2520' }));
    feature.on('mouseout', () => (feature as L.Path).setStyle({ weight: 1, color: '#ffffff' }));
  });
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  return {
    update(colourOf, tooltipOf) {
      layer.eachLayer((feature) => {
        const { code, name } = (feature as L.Path & { feature: { properties: { code: string; name: string } } }).feature.properties;
        (feature as L.Path).setStyle({ fillColor: colourOf(code) });
        feature.unbindTooltip();
        feature.bindTooltip(tooltipOf(code, name), { sticky: true });
      });
    },
    destroy: () => map.remove(),
  };
}
