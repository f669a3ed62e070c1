/** WCAG AA: the colour pairs the stylesheet uses for text must reach 4.5:1. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.join(import.meta.dirname, 'styles.css'), 'utf8');
const variable = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)![1]!;

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('colour contrast', () => {
  it.each([
    ['ink', 'paper'],
    ['ink', 'wash'],
    ['ink-soft', 'paper'],
    ['ink-soft', 'wash'],
    ['brand', 'paper'],
    ['brand', 'wash'],
    ['paper', 'brand'],
    ['paper', 'brand-dark'],
    ['danger', 'paper'],
    ['ok', 'paper'],
  ])('%s on %s reaches 4.5:1', (text, background) => {
    expect(contrast(variable(text), variable(background))).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps error and notice text readable on their tinted panels', () => {
    expect(contrast(variable('danger'), '#fde8e7')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('ok'), '#e4f3e8')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('ink'), '#fff4d6')).toBeGreaterThanOrEqual(4.5);
  });
});
