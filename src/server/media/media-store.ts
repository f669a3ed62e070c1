/**
 * Media files on disk, under DATA_DIR/media, addressed by the SHA-256 of their
 * bytes: the same file uploaded twice, or shared by two courses, is stored once,
 * and its addresses can be cached forever.
 *
 *   media/<2 hex>/<sha256>/original.<ext>   as uploaded (exported in packages; served for audio, video, PDF)
 *   media/<2 hex>/<sha256>/w480.webp …      images re-encoded for phones: orientation applied, metadata
 *                                            (camera, GPS) gone; the only image files learners get
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { AppError } from '../errors.js';
import { nameMatches, type Sniffed, sniff, sniffBytes } from './sniff.js';

export const imageWidths = [480, 960, 1600] as const;
// Refuse decompression bombs: a small PNG can declare a billion pixels.
const maxImagePixels = 40_000_000;

export interface Received {
  file: string;
  sha256: string;
  bytes: number;
}

export interface StoredMedia {
  sha256: string;
  sniffed: Sniffed;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Bytes of the smallest phone variant of an image. */
  phoneBytes: number | null;
}

export interface MediaLimits {
  maxBytes: number;
  imageMaxBytes: number;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

export class MediaStore {
  readonly root: string;
  readonly #tmp: string;

  /** `root` is MEDIA_DIR (DATA_DIR/media by default), a folder every app process shares. */
  constructor(root: string) {
    this.root = root;
    // Uploads land beside the files they become, so the final rename never crosses file systems (an NFS mount).
    this.#tmp = path.join(root, '.tmp');
  }

  directoryOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams bytes to a temporary file, hashing and counting; stops and refuses past maxBytes. */
  async receive(source: Readable, maxBytes: number): Promise<Received> {
    await mkdir(this.#tmp, { recursive: true });
    const file = path.join(this.#tmp, `${randomUUID()}.upload`);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            if (bytes > maxBytes) throw new AppError('media_too_large', 413, { max: megabytes(maxBytes) });
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(file),
      );
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return { file, sha256: hash.digest('hex'), bytes };
  }

  /**
   * Checks what a received file is and keeps it: type from its bytes, a name
   * that does not lie about it, the limit of its kind, then `accept`; images get
   * their phone variants. The temporary file is gone afterwards, kept or not.
   */
  async keep(received: Received, fileName: string, limits: MediaLimits, accept: (sniffed: Sniffed) => void = () => {}): Promise<StoredMedia> {
    try {
      const head = Buffer.alloc(sniffBytes);
      const handle = await open(received.file, 'r');
      await handle.read(head, 0, sniffBytes, 0).finally(() => handle.close());
      const sniffed = sniff(head);
      if (!sniffed) throw new AppError('media_type_refused', 415, { name: fileName });
      if (!nameMatches(fileName, sniffed)) throw new AppError('media_name_mismatch', 400, { name: fileName, kind: sniffed.extension.toUpperCase() });
      if (sniffed.kind === 'image' && received.bytes > limits.imageMaxBytes) throw new AppError('media_too_large', 413, { max: megabytes(limits.imageMaxBytes) });
      // The caller's own conditions (an image needs alt text) refuse the file before anything is stored.
      accept(sniffed);

      const directory = this.directoryOf(received.sha256);
      let size: { width: number | null; height: number | null; phoneBytes: number | null } = { width: null, height: null, phoneBytes: null };
      if (sniffed.kind === 'image') size = { ...(await this.#imageVariants(received.file, directory, sniffed)), phoneBytes: (await stat(path.join(directory, `w${imageWidths[0]}.webp`))).size };
      else if (!(await exists(directory))) {
        await mkdir(directory, { recursive: true });
        await rename(received.file, path.join(directory, `original.${sniffed.extension}`));
      }
      return { sha256: received.sha256, sniffed, bytes: received.bytes, ...size };
    } finally {
      await rm(received.file, { force: true });
    }
  }

  async #imageVariants(file: string, directory: string, sniffed: Sniffed): Promise<{ width: number; height: number }> {
    const image = sharp(file, { limitInputPixels: maxImagePixels, failOn: 'error' });
    let metadata: Awaited<ReturnType<typeof image.metadata>>;
    try {
      metadata = await image.metadata();
    } catch {
      throw new AppError('media_type_refused', 415, { name: path.basename(file) });
    }
    const swapped = (metadata.orientation ?? 1) >= 5;
    const width = (swapped ? metadata.height : metadata.width) ?? 0;
    const height = (swapped ? metadata.width : metadata.height) ?? 0;
    if (width * height > maxImagePixels) throw new AppError('media_too_large', 413, { max: Math.round(maxImagePixels / 1_000_000) });
    if (await exists(directory)) return { width, height };

    // Variants are made in a scratch folder and renamed in place whole, so a crash never leaves half an image set.
    const scratch = `${directory}.${randomUUID()}.partial`;
    await mkdir(scratch, { recursive: true });
    try {
      for (const target of imageWidths) {
        await sharp(file, { limitInputPixels: maxImagePixels }).rotate().resize({ width: target, withoutEnlargement: true }).webp({ quality: 72 }).toFile(path.join(scratch, `w${target}.webp`));
      }
      await rename(file, path.join(scratch, `original.${sniffed.extension}`));
      await mkdir(path.dirname(directory), { recursive: true });
      await rename(scratch, directory).catch(async (error: NodeJS.ErrnoException) => {
        // Someone stored the same bytes meanwhile: theirs is as good as ours.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
        await rm(scratch, { recursive: true, force: true });
      });
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
    return { width, height };
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.directoryOf(sha256));
  }

  /** Removes a stored file set nobody refers to any more. */
  async forget(sha256: string): Promise<void> {
    await rm(this.directoryOf(sha256), { recursive: true, force: true });
  }

  /** The file to send for a public media address, or null when that address serves nothing. */
  servable(sha256: string, file: string): string | null {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !servableFile.test(file)) return null;
    return path.join(sha256.slice(0, 2), sha256, file);
  }
}

// Learners get image variants, and originals only of audio, video and PDF: an original photo may carry GPS data.
const servableFile = /^(w(480|960|1600)\.webp|original\.(mp3|m4a|ogg|mp4|webm|pdf))$/;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
