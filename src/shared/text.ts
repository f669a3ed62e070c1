/**
 * Search keys for Vietnamese text. Officials type "long xuyen", "Long Xuyên" or
 * "LONG XUYEN" for the same ward, and source lists mix "Hòa"/"Hoà" and NFC/NFD,
 * so every name we search is stored and queried through this one fold.
 */
const combiningMarks = /[\u0300-\u036f]/g;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(combiningMarks, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** NFC with collapsed inner whitespace: how every human-entered line is stored. */
export function normalizeLine(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Escapes LIKE wildcards so that user text is matched literally (used with `escape '\'`). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
