/**
 * npm run illustrations: draws the lessons' pictures from their SVG sources.
 *
 *   content/illustrations/<course>/<name>.svg  →  content/<course>/media/<name>.png
 *
 * SVG is refused as course media (it can carry script, see media/sniff.ts), so the
 * hand-written drawings are kept as sources and the packages carry PNGs: 720 px
 * wide (two screen pixels per CSS pixel on a 360 px phone), palette-compressed,
 * a few tens of KB. The PNGs are committed; run this after changing a drawing.
 * Text in the drawings is set in DejaVu Sans (fonts-dejavu), which has Vietnamese.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const contentDir = path.resolve(import.meta.dirname, '..', 'content');
const sourcesDir = path.join(contentDir, 'illustrations');

for (const course of readdirSync(sourcesDir)) {
  const target = path.join(contentDir, course, 'media');
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(path.join(sourcesDir, course)).filter((f) => f.endsWith('.svg')).sort()) {
    const out = path.join(target, file.replace(/\.svg$/, '.png'));
    await sharp(path.join(sourcesDir, course, file), { density: 144 })
      .resize({ width: 720 })
      .flatten({ background: '#ffffff' })
      .png({ palette: true, colours: 64, compressionLevel: 9, effort: 10 })
      .toFile(out);
    process.stdout.write(`${path.relative(contentDir, out)}  ${Math.round(statSync(out).size / 1024)} KB\n`);
  }
}
