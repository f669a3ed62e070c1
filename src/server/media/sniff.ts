/**
 * What a file is, from its first bytes, never from its name. Only the kinds
 * lessons use are recognised; everything else (SVG, HTML, GIF, executables…)
 * is refused, since a file that could run script must never be served.
 */
import type { MediaKind } from './media.table.js';

export interface Sniffed {
  kind: MediaKind;
  mime: string;
  extension: string;
}

/** How many bytes sniffing needs. */
export const sniffBytes = 64;

const ascii = (head: Uint8Array, at: number, text: string) => [...text].every((c, i) => head[at + i] === c.charCodeAt(0));

export function sniff(head: Uint8Array): Sniffed | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'image', mime: 'image/jpeg', extension: 'jpg' };
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b)) return { kind: 'image', mime: 'image/png', extension: 'png' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { kind: 'image', mime: 'image/webp', extension: 'webp' };
  if (ascii(head, 0, '%PDF-')) return { kind: 'pdf', mime: 'application/pdf', extension: 'pdf' };
  if (ascii(head, 0, 'OggS')) return { kind: 'audio', mime: 'audio/ogg', extension: 'ogg' };
  if ([0x1a, 0x45, 0xdf, 0xa3].every((b, i) => head[i] === b) && Buffer.from(head).includes('webm')) return { kind: 'video', mime: 'video/webm', extension: 'webm' };
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    return brand === 'M4A ' || brand === 'M4B ' ? { kind: 'audio', mime: 'audio/mp4', extension: 'm4a' } : { kind: 'video', mime: 'video/mp4', extension: 'mp4' };
  }
  // MP3: an ID3 tag, or straight into an MPEG audio frame (11 sync bits, layer III).
  if (ascii(head, 0, 'ID3') || (head[0] === 0xff && (head[1]! & 0xe6) === 0xe2)) return { kind: 'audio', mime: 'audio/mpeg', extension: 'mp3' };
  return null;
}

const extensionAliases: Record<string, string> = { jpeg: 'jpg', oga: 'ogg' };

/** True when a file name's extension, if it has one we know, agrees with the bytes. */
export function nameMatches(fileName: string, sniffed: Sniffed): boolean {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (!extension) return true;
  return (extensionAliases[extension] ?? extension) === sniffed.extension;
}
