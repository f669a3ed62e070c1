// Text on a certificate: which embedded font draws each character (Noto Sans, Noto Sans Khmer, or none for
// emoji), how wide a run is, and how a line shrinks, wraps and truncates to fit its box. Shared by the PDF and
// the share image, so both measure and break text identically.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

// ---------------------------------------------------------------- fonts and text runs

/** The slice of fontkit's Font we use (fontkit ships no types). */
interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: LayoutFeatures): {
    advanceWidth: number;
    glyphs: { path: { toSVG(): string } }[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
}

type LayoutFeatures = Record<string, boolean>;

interface Typeface {
  name: string;
  font: FontkitFont;
  features: LayoutFeatures;
}

const require = createRequire(import.meta.url);
// The fontkit pdfkit itself embeds with, so the PNG is shaped exactly like the PDF.
export const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(file: Buffer): FontkitFont };

function loadTypeface(name: string, specifier: string, features: LayoutFeatures = {}): Typeface {
  return { name, font: fontkit.create(readFileSync(require.resolve(specifier))), features };
}

// Noto Sans's ccmp splits ạ ẹ ị ọ ụ ỵ into base + dot below, and fontkit then labels the bare base glyph with the
// precomposed letter, so pdftotext would read every later "u" as "ụ". Its precomposed glyphs need no ccmp.
const PRECOMPOSED: LayoutFeatures = { ccmp: false };

export const typefaces = {
  regular: {
    latin: loadTypeface('NotoSans-Regular', '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf', PRECOMPOSED),
    khmer: loadTypeface('NotoSansKhmer-Regular', '@expo-google-fonts/noto-sans-khmer/400Regular/NotoSansKhmer_400Regular.ttf'),
  },
  bold: {
    latin: loadTypeface('NotoSans-Bold', '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf', PRECOMPOSED),
    khmer: loadTypeface('NotoSansKhmer-Bold', '@expo-google-fonts/noto-sans-khmer/700Bold/NotoSansKhmer_700Bold.ttf'),
  },
};
type Weight = keyof typeof typefaces;

interface Run {
  typeface: Typeface;
  text: string;
}

const isKhmer = (codePoint: number) => (codePoint >= 0x1780 && codePoint <= 0x17ff) || (codePoint >= 0x19e0 && codePoint <= 0x19ff);
const isSpace = (char: string) => /\s/u.test(char);

/** Noto Sans first, Noto Sans Khmer for Khmer; undefined when no embedded font can draw it (emoji…). */
function typefaceFor(char: string, weight: Weight): Typeface | undefined {
  const { latin, khmer } = typefaces[weight];
  const codePoint = char.codePointAt(0)!;
  if (isKhmer(codePoint)) return khmer.font.hasGlyphForCodePoint(codePoint) ? khmer : undefined;
  if (latin.font.hasGlyphForCodePoint(codePoint)) return latin;
  if (khmer.font.hasGlyphForCodePoint(codePoint)) return khmer;
  return undefined;
}

/** NFC, one line, without the characters we cannot draw (so "Lan 🌸 Anh" reads "Lan Anh"). */
export function drawableText(text: string, weight: Weight): string {
  const kept = [...text.normalize('NFC')].filter((char) => isSpace(char) || typefaceFor(char, weight));
  return kept.join('').replace(/\s+/gu, ' ').trim();
}

/** Splits drawable text into same-font runs; a space stays in the run it sits in so shaping is not cut. */
function splitRuns(text: string, weight: Weight): Run[] {
  const runs: Run[] = [];
  for (const char of text) {
    const current = runs.at(-1);
    const keepsCurrent = current && isSpace(char) && current.typeface.font.hasGlyphForCodePoint(char.codePointAt(0)!);
    const typeface = keepsCurrent ? current.typeface : typefaceFor(char, weight);
    if (!typeface) continue;
    if (current?.typeface === typeface) current.text += char;
    else runs.push({ typeface, text: char });
  }
  return runs;
}

const runWidth = (run: Run, size: number) => (run.typeface.font.layout(run.text, run.typeface.features).advanceWidth * size) / run.typeface.font.unitsPerEm;
export const textWidth = (text: string, weight: Weight, size: number) => splitRuns(text, weight).reduce((sum, run) => sum + runWidth(run, size), 0);

// ---------------------------------------------------------------- fitting text into a box

interface FitRule {
  weight: Weight;
  maxSize: number;
  minSize: number;
  maxWidth: number;
  maxLines: number;
}

interface FittedText {
  weight: Weight;
  size: number;
  lines: string[];
}

const ELLIPSIS = '…';

/** Shrinks the text until it fits one line; at the minimum size wraps it, and truncates what still does not fit. */
export function fitText(text: string, rule: FitRule): FittedText {
  const clean = drawableText(text, rule.weight);
  const widthAtOnePoint = textWidth(clean, rule.weight, 1);
  const oneLineSize = Math.min(rule.maxSize, Math.floor((rule.maxWidth / widthAtOnePoint) * 10) / 10);
  if (oneLineSize >= rule.minSize) return { weight: rule.weight, size: oneLineSize, lines: clean ? [clean] : [] };

  const fits = (line: string) => textWidth(line, rule.weight, rule.minSize) <= rule.maxWidth;
  return { weight: rule.weight, size: rule.minSize, lines: wrapLines(clean, fits, rule.maxLines) };
}

/** User-perceived characters; a Khmer coeng (U+17D2) stays glued to the consonant it subscripts. */
function graphemes(text: string): string[] {
  const pieces: string[] = [];
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
    if (pieces.length > 0 && pieces.at(-1)!.endsWith('\u17d2')) pieces[pieces.length - 1] += segment;
    else pieces.push(segment);
  }
  return pieces;
}

/** Largest n such that the first n pieces fit (widths grow with n), at least 1 so wrapping always progresses. */
function longestFittingPrefix(pieces: string[], fits: (line: string) => boolean, suffix = ''): number {
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(pieces.slice(0, middle).join('').trimEnd() + suffix)) low = middle;
    else high = middle - 1;
  }
  return Math.max(low, 1);
}

function wrapLines(text: string, fits: (line: string) => boolean, maxLines: number): string[] {
  const lines: string[] = [];
  let rest = graphemes(text);
  while (rest.length > 0 && lines.length < maxLines) {
    let end = longestFittingPrefix(rest, fits);
    if (end < rest.length) {
      const lastSpace = rest.lastIndexOf(' ', end);
      if (lastSpace > 0) end = lastSpace;
    }
    lines.push(rest.slice(0, end).join('').trim());
    rest = rest.slice(end);
    while (rest[0] === ' ') rest = rest.slice(1);
  }
  if (rest.length > 0) {
    const last = graphemes(`${lines.pop()} ${rest.join('')}`);
    lines.push(last.slice(0, longestFittingPrefix(last, fits, ELLIPSIS)).join('').trimEnd() + ELLIPSIS);
  }
  return lines;
}

/** One line, shrunk then truncated to the width. */
export function fitLine(text: string, weight: Weight, maxSize: number, maxWidth: number, minSize = maxSize): FittedText {
  return fitText(text, { weight, maxSize, minSize, maxWidth, maxLines: 1 });
}

// ---------------------------------------------------------------- placing text on a PDF page or an SVG

type Align = 'left' | 'center';

/** Where lines are drawn; x is the line's centre or its left edge, and the baseline is explicit. */
export interface Canvas {
  line(text: string, weight: Weight, size: number, x: number, baseline: number, color: string, align?: Align): void;
}

/** The runs of a line with the x each one starts at, measured with the same fonts the canvas draws with. */
export function placeRuns(text: string, weight: Weight, size: number, x: number, align: Align): (Run & { x: number })[] {
  const runs = splitRuns(text, weight).map((run) => ({ ...run, x: 0, width: runWidth(run, size) }));
  let penX = align === 'center' ? x - runs.reduce((sum, run) => sum + run.width, 0) / 2 : x;
  for (const run of runs) {
    run.x = penX;
    penX += run.width;
  }
  return runs;
}

/** Draws fitted lines centred horizontally on centerX and vertically in the box. */
export function drawBlock(canvas: Canvas, fitted: FittedText, centerX: number, top: number, height: number, color: string) {
  const lineHeight = fitted.size * 1.25;
  const firstBaseline = top + (height - fitted.lines.length * lineHeight) / 2 + lineHeight * 0.8;
  fitted.lines.forEach((line, index) => canvas.line(line, fitted.weight, fitted.size, centerX, firstBaseline + index * lineHeight, color));
}

