/**
 * Each courier's route on the offline map: the communes' own outlines (no tiles, as on the
 * dashboard), the hub, and the stops joined in order. Loaded only when a plan is shown.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { CommuneFeatureCollection } from '../dashboard/leaflet-map.ts';

export interface RouteLine {
  label: string;
  /** The courier's colour class (delivery.css): the line and its stops take their colour from it. */
  colourClass: string;
  stops: { latitude: number; longitude: number; label: string }[];
}

export interface RouteMapHandle {
  show: (hub: { latitude: number; longitude: number } | null, routes: readonly RouteLine[]) => void;
  destroy: () => void;
}

/** The zoom buttons' names, in the page's language (Leaflet's own are English). */
export interface RouteMapWords {
  zoomIn: string;
  zoomOut: string;
}

export function createRouteMap(element: HTMLElement, boundaries: CommuneFeatureCollection, words: RouteMapWords): RouteMapHandle {
  const map = L.map(element, { attributionControl: false, zoomControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
  const communes = L.geoJSON(boundaries as unknown as GeoJSON.FeatureCollection, {
    interactive: false,
    // Colours live in delivery.css, with the couriers' own (CSS beats Leaflet's SVG attributes).
    style: () => ({ className: 'dlv-commune', weight: 1, fillOpacity: 0.85 }),
  });
  map.fitBounds(communes.getBounds(), { padding: [8, 8] });
  communes.addTo(map);
  const drawn = L.layerGroup().addTo(map);
  // What the routes cover, fitted again when the map's box changes size (a phone turned, a window narrowed).
  let covered: L.LatLngBounds | null = null;
  map.on('resize', () => {
    if (covered) map.fitBounds(covered, { padding: [24, 24], animate: false });
  });
  return {
    show(hub, routes) {
      drawn.clearLayers();
      const bounds = L.latLngBounds([]);
      for (const route of routes) {
        const line = [...(hub ? [hub] : []), ...route.stops, ...(hub ? [hub] : [])].map((p) => L.latLng(p.latitude, p.longitude));
        if (line.length < 2) continue;
        L.polyline(line, { className: `dlv-route-line ${route.colourClass}`, weight: 3 })
          .bindTooltip(route.label, { sticky: true })
          .addTo(drawn);
        route.stops.forEach((stop, i) => {
          L.circleMarker([stop.latitude, stop.longitude], { className: `dlv-route-stop ${route.colourClass}`, radius: 8, weight: 2, fillOpacity: 1 })
            .bindTooltip(`${i + 1}. ${stop.label}`, { direction: 'top' })
            .addTo(drawn);
        });
        for (const point of line) bounds.extend(point);
      }
      if (hub) L.circleMarker([hub.latitude, hub.longitude], { className: 'dlv-hub', radius: 10, weight: 3, fillOpacity: 1 }).addTo(drawn);
      covered = bounds.isValid() ? bounds : null;
      if (covered) map.fitBounds(covered, { padding: [24, 24], animate: false });
    },
    destroy: () => map.remove(),
  };
}
