/**
 * Builds the PWA into dist/web: Preact, the manifest and service worker
 * (vite-plugin-pwa, injectManifest), brotli and gzip copies of every text asset
 * for phones on 3G, and a first-page JavaScript budget the build enforces.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { en } from './src/shared/i18n/en.js';
import { km } from './src/shared/i18n/km.js';
import { translate } from './src/shared/i18n/translate.js';
import { vi } from './src/shared/i18n/vi.js';

const firstPageBudgetKb = 60;
const language = (process.env.LANG ?? '').toLowerCase().startsWith('en') ? 'en' : 'vi';

/** A short hash of files' contents: names versioned caches so that they change only when those files do. */
function contentHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 10);
}
const sourcesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|css)$/.test(file))
    .map((file) => path.join(dir, file));
// The API answers the service worker keeps for offline reading change shape only with these schemas.
const apiCacheVersion = contentHash(['competences', 'courses', 'lessons', 'progress', 'quizzes'].map((f) => `src/server/${f}/${f}.schema.ts`));
const appBuildVersion = contentHash([...sourcesUnder('src/web'), ...sourcesUnder('src/shared')]);

/** Sums the gzip size of the entry chunk and everything it imports statically: what the first page must download. */
function firstPageBudget(): Plugin {
  return {
    name: 'hoctap-first-page-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'index');
      if (!entry || entry.type !== 'chunk') return;
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        if (seen.has(fileName)) return;
        seen.add(fileName);
        const chunk = bundle[fileName];
        if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
      };
      visit(entry.fileName);
      const bytes = [...seen].reduce((sum, fileName) => {
        const chunk = bundle[fileName];
        return sum + (chunk?.type === 'chunk' ? gzipSync(chunk.code, { level: 9 }).length : 0);
      }, 0);
      const size = (bytes / 1024).toFixed(1);
      console.log(translate(language, 'build.first_page_js', { size, limit: firstPageBudgetKb }));
      if (bytes > firstPageBudgetKb * 1024) this.error(translate(language, 'build.over_budget', { size, limit: firstPageBudgetKb }));
    },
  };
}

/**
 * The dictionaries reach the phone as JSON.parse('…') rather than an object literal: V8 parses JSON several times
 * faster, and the Vietnamese one is the largest script of the first page (measured by Lighthouse's bootup-time).
 */
function dictionariesAsJson(): Plugin {
  const dictionaries: Record<string, object> = { vi, en, km };
  return {
    name: 'hoctap-dictionaries-as-json',
    apply: 'build',
    transform(_code, id) {
      const name = /src\/shared\/i18n\/(vi|en|km)\.ts$/.exec(id)?.[1];
      if (!name) return undefined;
      return { code: `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(dictionaries[name]))});`, map: null };
    },
  };
}

/** Brotli and gzip copies next to each text asset, served by @fastify/static's preCompressed. */
function precompress(): Plugin {
  return {
    name: 'hoctap-precompress',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? '';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json|webmanifest|txt)$/.test(fileName)) continue;
        const file = path.join(outDir, fileName);
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: 'src/web',
  // Read by src/web/offline/api-cache.ts, in the page and in the service worker alike.
  define: { __API_CACHE_VERSION__: JSON.stringify(apiCacheVersion), __APP_BUILD_VERSION__: JSON.stringify(appBuildVersion) },
  publicDir: 'public',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // Cheap Android phones often run an older Chrome or WebView.
    target: ['es2020', 'chrome80', 'safari14', 'firefox80'],
    reportCompressedSize: false,
  },
  plugins: [
    dictionariesAsJson(),
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Big and optional: the other languages' dictionaries and the QR scanner of door staff. Left out of the
        // precache, so that an update costs a phone on 3G only what most people use; sw.ts caches them once used.
        globIgnores: ['**/assets/en-*.js', '**/assets/km-*.js', '**/assets/jsQR-*.js'],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
      manifest: {
        name: 'Học tập suốt đời',
        short_name: 'Học tập',
        description: 'Bình dân học vụ số — học kỹ năng số miễn phí cho mọi người dân An Giang',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f2f5f8',
        theme_color: '#0b4f8a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
    }),
    firstPageBudget(),
    precompress(),
  ],
});
