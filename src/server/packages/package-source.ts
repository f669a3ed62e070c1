/**
 * Where a course package is read from: a zip (an upload, a file given to the
 * CLI) or an unpacked folder (the curriculum in content/). Both are read the
 * same way, so the demo seed exercises the import that authors use.
 *
 * Opening a zip already checks what could hurt the server: names that leave the
 * package (../x, /etc/x, C:\x), links, entry counts, sizes declared and real
 * (yauzl stops inflating past the declared size), and compression ratios of
 * zip bombs; then, the declared sizes being safe, every entry is inflated once
 * and must give exactly its declared size and CRC-32, and no name may come
 * twice. Each problem is reported with the entry it is in.
 */
import { createReadStream, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { PlacedProblem } from '../errors.js';

export interface PackageEntry {
  name: string;
  bytes: number;
}

export interface PackageSource {
  entries: readonly PackageEntry[];
  /** Problems found just by opening: unsafe names, bombs, sizes. */
  problems: readonly PlacedProblem[];
  open(name: string): Promise<Readable>;
  close(): void;
}

export interface PackageLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
}

/** A package name: a file at the top, or in media/, made of plain ASCII (we generate them; nothing else belongs). */
const safeName = /^(media\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
// Media and text rarely compress beyond 20:1; a big entry compressed 100 times is a bomb.
const bombRatio = 100;
const bombMinimumBytes = 1024 * 1024;

const entryProblem = (entry: string, key: PlacedProblem['problem']['key'], params?: Record<string, string | number>): PlacedProblem => ({
  place: { key: 'place.package_entry', params: { entry: entry.slice(0, 200) } },
  problem: { key, params },
});

function checkEntries(entries: readonly (PackageEntry & { compressed?: number; link?: boolean })[], limits: PackageLimits): PlacedProblem[] {
  const problems: PlacedProblem[] = [];
  if (entries.length > limits.maxEntries) problems.push(entryProblem('*', 'error.package_too_many_entries', { max: limits.maxEntries }));
  let total = 0;
  for (const entry of entries) {
    total += entry.bytes;
    if (entry.link || !safeName.test(entry.name)) problems.push(entryProblem(entry.name, 'error.package_unsafe_name'));
    else if (entry.bytes > limits.maxEntryBytes) problems.push(entryProblem(entry.name, 'error.package_entry_too_large', { max: Math.round(limits.maxEntryBytes / 1024 / 1024) }));
    else if (entry.compressed !== undefined && entry.bytes > bombMinimumBytes && entry.bytes > entry.compressed * bombRatio) problems.push(entryProblem(entry.name, 'error.package_bomb'));
  }
  if (total > limits.maxTotalBytes) problems.push(entryProblem('*', 'error.package_too_large', { max: Math.round(limits.maxTotalBytes / 1024 / 1024) }));
  return problems;
}

const isLink = (externalAttributes: number) => ((externalAttributes >>> 16) & 0o170000) === 0o120000;

/** yauzl's own refusals of a name; any other error while listing is a damaged zip. */
const unsafeNameError = /^(absolute path|invalid relative path|invalid characters in fileName): (.+)$/;

/** Inflates an entry: true when it gives exactly its declared size (yauzl checks) and CRC-32. */
function intact(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<boolean> {
  return new Promise((resolve) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error) return resolve(false);
      let crc = 0;
      stream.on('data', (chunk: Buffer) => (crc = crc32(chunk, crc)));
      stream.on('error', () => resolve(false));
      stream.on('end', () => resolve(crc === entry.crc32));
    }),
  );
}

/** Two entries of one name: which one an unpacker keeps is up to it, so neither is taken. */
function duplicates(entries: readonly { fileName: string }[]): PlacedProblem[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { fileName } of entries) (seen.has(fileName) ? twice : seen).add(fileName);
  return [...twice].map((name) => entryProblem(name, 'error.package_duplicate_entry'));
}

export async function openZip(file: string, limits: PackageLimits): Promise<PackageSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, autoClose: false }, (error, opened) => (error ? reject(error) : resolve(opened))),
  ).catch(() => null);
  if (!zip) return { entries: [], problems: [entryProblem('zip', 'error.package_not_zip')], open: () => Promise.reject(new Error('closed')), close: () => {} };

  const found: (yauzl.Entry & { link: boolean })[] = [];
  const problems: PlacedProblem[] = [];
  await new Promise<void>((resolve) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) found.push(Object.assign(entry, { link: isLink(entry.externalFileAttributes) }));
      // Reading stops at the first entry too many: a bomb of a million empty entries is not walked.
      if (found.length > limits.maxEntries) return resolve();
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    // yauzl refuses absolute and ../ names outright; that ends the listing, and is reported like any unsafe name.
    zip.on('error', (error: Error) => {
      const unsafe = unsafeNameError.exec(error.message);
      problems.push(unsafe ? entryProblem(unsafe[2]!, 'error.package_unsafe_name') : entryProblem('zip', 'error.package_entry_corrupt'));
      resolve();
    });
    zip.readEntry();
  });
  const entries = found.map((e) => ({ name: e.fileName, bytes: e.uncompressedSize, compressed: e.compressedSize, link: e.link }));
  problems.push(...duplicates(found), ...checkEntries(entries, limits));
  // Only once the declared sizes are known to be safe is anything inflated.
  if (problems.length === 0) {
    for (const entry of found) if (!(await intact(zip, entry))) problems.push(entryProblem(entry.fileName, 'error.package_entry_corrupt'));
  }
  return {
    entries: entries.map(({ name, bytes }) => ({ name, bytes })),
    problems,
    open: (name) =>
      new Promise((resolve, reject) => {
        const entry = found.find((e) => e.fileName === name);
        if (!entry) return reject(new Error(`no entry ${name}`));
        zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
      }),
    close: () => zip.close(),
  };
}

export function openFolder(dir: string, limits: PackageLimits): PackageSource {
  const entries: (PackageEntry & { link: boolean })[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative))) {
      const child = relative ? `${relative}/${name}` : name;
      const stat = lstatSync(path.join(dir, child));
      if (stat.isDirectory()) walk(child);
      else entries.push({ name: child, bytes: stat.size, link: stat.isSymbolicLink() });
    }
  };
  walk('');
  return {
    entries: entries.map(({ name, bytes }) => ({ name, bytes })),
    problems: checkEntries(entries, limits),
    open: async (name) => createReadStream(path.join(dir, name)),
    close: () => {},
  };
}

export async function readEntry(source: PackageSource, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await source.open(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
