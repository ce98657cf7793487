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

import type { MapPoint } from './dashboard.rules.ts';

export type { MapPoint };

export interface MapHandle {
  update: (colourOf: (code: string) => string, labelOf: (code: string, name: string) => string) => void;
  /** Zooms to one commune and draws its villages, or back to the whole province when `code` is null. */
  focus: (code: string | null, points: readonly MapPoint[]) => void;
  destroy: () => void;
}

export interface MapActions {
  onCommune: (code: string) => void;
  onVillage: (code: string) => void;
}

/** A commune drawn by its outline, or as a point where no outline is shipped (the national drill-down). */
type CommuneLayer = (L.Polygon | L.CircleMarker) & { feature: { properties: { code: string; name: string } } };

const restingOf = (layer: CommuneLayer) => (layer instanceof L.CircleMarker ? POINT_RING : OUTLINE);

/** A shape's box; a point's is the point itself. */
const boundsOf = (layer: CommuneLayer): L.LatLngBounds =>
  layer instanceof L.Polygon ? layer.getBounds() : L.latLngBounds(layer.getLatLng(), layer.getLatLng());

const OUTLINE = { weight: 1, color: '#ffffff' };
// A point has no neighbours to stand out against: a dark ring shows it on the bare background, coloured or grey.
const POINT_RING = { weight: 2, color: '#1c2520' };
const HOVER = { weight: 3, color: '#1c2520' };
const FOCUSED = { weight: 3, color: '#1c2520' };
const HOLLOW = '#6b746e';

/**
 * Makes a drawn shape a keyboard stop: SVG paths are not focusable by themselves, and the map must
 * not be mouse-only. Enter (and Space, for a button) does what a click does.
 */
function makeFocusable(layer: L.Path, role: 'button' | 'link', activate: () => void): void {
  const element = layer.getElement();
  if (!element) return;
  element.setAttribute('tabindex', '0');
  element.setAttribute('role', role);
  element.classList.add('dash-map-stop');
  element.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || (role === 'button' && key === ' ')) {
      event.preventDefault();
      activate();
    }
  });
  // Keyboard users see the same tooltip as a mouse user hovering.
  element.addEventListener('focus', () => layer.openTooltip());
  element.addEventListener('blur', () => layer.closeTooltip());
}

export function createCommuneMap(element: HTMLElement, boundaries: CommuneFeatureCollection, actions: MapActions): MapHandle {
  const map = L.map(element, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
  // Villages sit in their own pane above the communes, placed first in the DOM so that, once a
  // commune is open, Tab reaches its villages before the other 64 communes.
  const villagePane = map.createPane('dash-villages');
  villagePane.style.zIndex = '450';
  const overlayPane = map.getPane('overlayPane');
  if (overlayPane) overlayPane.before(villagePane);
  const villageRenderer = L.svg({ pane: 'dash-villages' });

  // Communes in Vietnamese alphabetical order, so the Tab order is one a person can predict.
  const collator = new Intl.Collator('vi');
  const sorted = { ...boundaries, features: [...boundaries.features].sort((a, b) => collator.compare(a.properties.name, b.properties.name)) };
  let focused: string | null = null;
  const communes = L.geoJSON(sorted as unknown as GeoJSON.FeatureCollection, {
    style: (feature) => ({ ...(feature?.geometry.type === 'Point' ? POINT_RING : OUTLINE), fillOpacity: 0.85, fillColor: '#d5dbd3' }),
    // 10 px and a 2 px ring, as a village's: a 24 px target, big enough for a finger.
    pointToLayer: (_feature, at) => L.circleMarker(at, { radius: 10 }),
  });
  const province = communes.getBounds();
  // The view first: Leaflet draws a layer's SVG element only once the map has one, and the
  // keyboard set-up below needs those elements.
  map.fitBounds(province, { padding: [8, 8] });
  communes.addTo(map);
  const byCode = new Map<string, CommuneLayer>();
  communes.eachLayer((layer) => {
    const commune = layer as CommuneLayer;
    const { code } = commune.feature.properties;
    byCode.set(code, commune);
    commune.on('click', () => actions.onCommune(code));
    commune.on('mouseover', () => commune.setStyle(HOVER));
    commune.on('mouseout', () => commune.setStyle(code === focused ? FOCUSED : restingOf(commune)));
    makeFocusable(commune, 'button', () => actions.onCommune(code));
  });
  const villages = L.layerGroup().addTo(map);
  // Leaflet hands back its own bounds objects; extending one in place would move the shape's box.
  const copy = (bounds: L.LatLngBounds) => L.latLngBounds(bounds.getSouthWest(), bounds.getNorthEast());

  return {
    update(colourOf, labelOf) {
      for (const [code, commune] of byCode) {
        const label = labelOf(code, commune.feature.properties.name);
        commune.setStyle({ fillColor: colourOf(code) });
        commune.unbindTooltip();
        commune.bindTooltip(label, { sticky: true });
        commune.getElement()?.setAttribute('aria-label', label);
      }
    },
    focus(code, points) {
      const previous = focused ? byCode.get(focused) : undefined;
      if (previous) previous.setStyle({ ...restingOf(previous), fillOpacity: 0.85 });
      focused = code;
      const commune = code ? byCode.get(code) : undefined;
      // The open commune is paled so its villages' colours read against it, and outlined.
      commune?.setStyle({ ...FOCUSED, fillOpacity: 0.35 });
      // Move first, without animation, then draw: a point added in the middle of a zoom is
      // measured against the old view and can stay undrawn.
      const bounds = copy(commune ? boundsOf(commune) : province);
      for (const point of points) bounds.extend([point.latitude, point.longitude]);
      map.fitBounds(bounds, { padding: [16, 16], animate: false });
      villages.clearLayers();
      for (const point of points) {
        const marker = L.circleMarker([point.latitude, point.longitude], {
          renderer: villageRenderer,
          pane: 'dash-villages',
          // 10 px and a 2 px ring: a 24 px target, big enough for a finger.
          radius: 10,
          weight: 2,
          color: point.colour ? '#ffffff' : HOLLOW,
          dashArray: point.colour ? undefined : '3 2',
          fillColor: point.colour ?? '#ffffff',
          fillOpacity: 1,
        });
        marker.bindTooltip(point.label, { direction: 'top', offset: [0, -10] });
        marker.on('click', () => actions.onVillage(point.code));
        marker.addTo(villages);
        marker.getElement()?.classList.add('dash-village');
        marker.getElement()?.setAttribute('aria-label', point.label);
        makeFocusable(marker, 'link', () => actions.onVillage(point.code));
      }
    },
    destroy: () => map.remove(),
  };
}
