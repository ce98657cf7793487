import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { compression } from 'vite-plugin-compression2';

/** The field app's path (web/src/field/): the service worker controls it and nothing else. */
const FIELD_SCOPE = '/thuc-dia';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [
    preact(),
    // Brotli (at its best) and gzip beside every text file, served as they are (src/platform/web-app.ts):
    // smaller than the server's on-the-fly compression, and no CPU spent per request.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
    VitePWA({
      strategies: 'generateSW',
      // Never 'autoUpdate': a new version must not reload a phone in the middle of a form; the field
      // app shows a banner and updates only when the user taps it (web/src/field/service-worker.ts).
      registerType: 'prompt',
      injectRegister: false,
      // Scoped to the field app: the public pages and the dashboard keep loading fresh from the
      // server, and a visitor who never opens /thuc-dia never installs a worker.
      scope: FIELD_SCOPE,
      // The icons are in the precache through globPatterns already.
      includeManifestIcons: false,
      manifest: {
        id: FIELD_SCOPE,
        name: 'Bản Số – Thực địa',
        short_name: 'Bản Số',
        description: 'Ghi nhận hỗ trợ hộ gia đình và tập huấn của tổ công nghệ số cộng đồng, kể cả khi mất sóng.',
        lang: 'vi',
        dir: 'ltr',
        start_url: FIELD_SCOPE,
        scope: FIELD_SCOPE,
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0c6653',
        background_color: '#f5f6f2',
        icons: [
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: '/icons/field-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/field-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/field-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell. Map boundaries come from the API and are never precached; the dashboard's
        // map library and the officers' pages are left out too: a phone on a metered plan should
        // not download what the field work never opens.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        globIgnores: ['**/leaflet-map-*', '**/dashboard-page-*', '**/team-activity-page-*', '**/import-page-*', '**/team-roster-*'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first install takes the open page at once (offline from the first visit); an update
        // waits until the user taps "Cập nhật" (skipWaiting stays off).
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  resolve: {
    // Dexie's own minified ES build is 3 KB (gzipped) smaller than its UMD file minified again:
    // it counts against the field app's first load on a phone.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.min.mjs' }],
  },
  // The manifest names each page's chunks, so the server can preload a page's code with its HTML (the shop page).
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false, manifest: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
