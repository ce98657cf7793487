import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpServer } from './http.ts';

/** What a shared link's preview shows (Open Graph and Twitter tags): Zalo and Facebook read them from the server's HTML, not the app's. */
export interface PageHead {
  title: string;
  description: string;
  /** The page's own address, an absolute path: '/cua-hang/…'; the tags carry it with the public origin. */
  path: string;
  /** The preview's picture, at an absolute path; the tags carry it with the public origin. */
  image?: { path: string; width: number; height: number; alt: string } | undefined;
  /** The API answer the page will ask for first, fetched with the HTML rather than after the app's script. */
  data?: string | undefined;
  /**
   * The page's own code as the web app's build names it (`src/market/shop-page.tsx`): its chunks are
   * fetched with the HTML rather than after the app's first script has run and asked for them.
   */
  code?: string | undefined;
}

/** One source module's entry in Vite's build manifest (`build.manifest`). */
interface BuiltModule {
  file: string;
  imports?: string[];
  css?: string[];
}
type BuildManifest = Record<string, BuiltModule>;

/** The files a module's chunk needs, itself first: its chunk, the chunks it imports (and theirs), their styles. */
function chunksOf(manifest: BuildManifest, code: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  const visit = (key: string) => {
    const built = manifest[key];
    if (!built || scripts.includes(built.file)) return;
    scripts.push(built.file);
    for (const css of built.css ?? []) if (!styles.includes(css)) styles.push(css);
    for (const imported of built.imports ?? []) visit(imported);
  };
  visit(code);
  return { scripts, styles };
}

/** The head of a page the server describes itself, or null for the plain shell. */
export type PageHeads = (path: string) => Promise<PageHead | null>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Facebook and Zalo fetch og:image by itself and key a shared page by og:url, so both are absolute URLs. */
function imageTags(image: NonNullable<PageHead['image']>, origin: string): string[] {
  const url = escapeHtml(origin + image.path);
  return [
    `<meta property="og:image" content="${url}" />`,
    `<meta property="og:image:width" content="${image.width}" />`,
    `<meta property="og:image:height" content="${image.height}" />`,
    `<meta property="og:image:alt" content="${escapeHtml(image.alt)}" />`,
    `<meta name="twitter:image" content="${url}" />`,
  ];
}

function withHead(shell: string, head: PageHead, origin: string, manifest: BuildManifest): string {
  const title = escapeHtml(head.title);
  const description = escapeHtml(head.description);
  const tags = [
    `<title>${title}</title>`,
    `<meta property="og:type" content="website" />`,
    `<meta property="og:title" content="${title}" />`,
    `<meta property="og:description" content="${description}" />`,
    `<meta property="og:url" content="${escapeHtml(origin + head.path)}" />`,
    `<meta property="og:locale" content="vi_VN" />`,
    `<meta name="twitter:card" content="${head.image ? 'summary_large_image' : 'summary'}" />`,
    `<meta name="twitter:title" content="${title}" />`,
    `<meta name="twitter:description" content="${description}" />`,
    ...(head.image ? imageTags(head.image, origin) : []),
    // crossorigin="anonymous" is fetch()'s own mode for a same-origin request, so the app's request takes this answer.
    ...(head.data ? [`<link rel="preload" href="${escapeHtml(head.data)}" as="fetch" crossorigin="anonymous" />`] : []),
    ...(head.code ? preloadTags(chunksOf(manifest, head.code)) : []),
  ].join('\n    ');
  return shell
    .replace(/<title>[^<]*<\/title>/, () => tags)
    .replace(/<meta name="description" content="[^"]*" \/>/, () => `<meta name="description" content="${description}" />`);
}

/** The app's scripts are modules fetched with CORS (Vite writes `crossorigin` on its own tags): the preloads must match to be used. */
const preloadTags = ({ scripts, styles }: { scripts: string[]; styles: string[] }) => [
  ...scripts.map((file) => `<link rel="modulepreload" crossorigin href="/${escapeHtml(file)}" />`),
  ...styles.map((file) => `<link rel="preload" as="style" crossorigin href="/${escapeHtml(file)}" />`),
];

/** Vite's manifest of the build, or none (an older build, a test's bare shell): then nothing is preloaded. */
function readManifest(dist: string): BuildManifest {
  try {
    return JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as BuildManifest;
  } catch {
    return {};
  }
}

/**
 * The built web app on the API's port: its files, and its shell for the routes it handles itself,
 * with their own head when `heads` describes the page (a shop page shared on Zalo). Its links name
 * `publicOrigin` (BANSO_PUBLIC_ORIGIN), else the origin the request came to: behind a proxy that
 * is right only when the proxy is trusted (BANSO_TRUST_PROXY) and passes the host on.
 */
export async function serveWebApp(app: HttpServer, dist: string, heads?: PageHeads, publicOrigin?: string): Promise<void> {
  // The build writes each text file's .br and .gz beside it (web/vite.config.ts): a browser gets
  // those as they are, not compressed again for every request.
  await app.register(fastifyStatic, { root: dist, wildcard: false, preCompressed: true });
  let shell: string | null = null;
  let manifest: BuildManifest | null = null;
  // The web app routes on the client: any other path gets its shell, except a missing asset (an
  // old build's file name) and an unknown API path, which must be a 404 in the API's error shape
  // rather than a page a program cannot read or a browser cannot run.
  app.get('/*', async (req, reply) => {
    if (isApiOrAsset(req.url)) return reply.callNotFound();
    const head = heads ? await heads(req.url.split('?')[0]!) : null;
    if (!head) return reply.sendFile('index.html');
    shell ??= readFileSync(path.join(dist, 'index.html'), 'utf8');
    manifest ??= readManifest(dist);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(withHead(shell, head, publicOrigin ?? `${req.protocol}://${req.host}`, manifest));
  });
}

const isApiOrAsset = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url.startsWith('/assets/');
