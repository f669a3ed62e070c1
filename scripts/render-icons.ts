/**
 * Renders the PWA's PNG icons from src/web/public/icon.svg with the system Chromium.
 * Run after changing the SVG:  npx tsx scripts/render-icons.ts
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('src/web/public/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
// Maskable icons may be cropped to a circle: keep the drawing inside the central 80 %.
for (const [name, size, padding] of [['icon-192', 192, 0], ['icon-512', 512, 0], ['icon-maskable-512', 512, 0.1]] as const) {
  await page.setViewportSize({ width: size, height: size });
  const inset = size * padding;
  await page.setContent(
    `<body style="margin:0;background:#0b4f8a"><div style="position:absolute;inset:${inset}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({ path: `src/web/public/icons/${name}.png`, omitBackground: padding === 0 });
}
await browser.close();
