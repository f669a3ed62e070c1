import { describe, expect, it } from 'vitest';
import { nameMatches, sniff } from './sniff.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffing media from its bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image', 'jpg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image', 'png'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image', 'webp'],
    ['PDF', bytes('%PDF-1.7'), 'pdf', 'pdf'],
    ['Ogg', bytes('OggS', [0, 2]), 'audio', 'ogg'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm'), 'video', 'webm'],
    ['MP4 video', bytes([0, 0, 0, 0x20], 'ftypisom'), 'video', 'mp4'],
    ['M4A audio', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio', 'm4a'],
    ['MP3 with ID3', bytes('ID3', [4, 0]), 'audio', 'mp3'],
    ['MP3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio', 'mp3'],
  ])('recognises %s', (_name, head, kind, extension) => {
    expect(sniff(head)).toMatchObject({ kind, extension });
  });

  it.each([
    ['SVG with script', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['GIF', bytes('GIF89a')],
    ['an executable', bytes([0x7f, 0x45, 0x4c, 0x46])],
    ['a zip', bytes('PK', [3, 4])],
    ['empty', bytes()],
  ])('refuses %s', (_name, head) => {
    expect(sniff(head)).toBeNull();
  });

  it('notices a name that lies about the bytes', () => {
    const png = sniff(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))!;
    expect(nameMatches('anh.png', png)).toBe(true);
    expect(nameMatches('ANH.PNG', png)).toBe(true);
    expect(nameMatches('anh.jpg', png)).toBe(false);
    expect(nameMatches('bai-hat.mp3', png)).toBe(false);
    expect(nameMatches('anh-khong-duoi', png)).toBe(true);
    expect(nameMatches('x.jpeg', sniff(bytes([0xff, 0xd8, 0xff]))!)).toBe(true);
  });
});
