/**
 * Builds zip files byte by byte, including the malicious ones a careful zip
 * library refuses to write: names that leave the folder, links, bombs.
 */
import { deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  data: Buffer;
  compress?: boolean;
  symlink?: boolean;
  /** What the headers claim, when they should lie: the uncompressed size, the CRC-32. */
  declaredBytes?: number;
  crc?: number;
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function makeZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.compress ? deflateRawSync(entry.data, { level: 9 }) : entry.data;
    const crc = entry.crc ?? crc32(entry.data);
    const declaredBytes = entry.declaredBytes ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.compress ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declaredBytes, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.compress ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(declaredBytes, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small valid package: one module, one lesson. */
export function validPackageEntries(overrides: Record<string, unknown> = {}): RawEntry[] {
  const course = {
    schema: 'hoctap.course/1',
    title: 'Gói thử',
    summary: 'Một gói nhỏ.',
    audiences: ['citizens'],
    competences: ['1.1'],
    modules: [{ title: 'Chương một', lessons: [{ file: '01-bai-mot.md', title: 'Bài một', estimatedMinutes: 5 }] }],
    ...overrides,
  };
  return [
    { name: 'course.json', data: Buffer.from(JSON.stringify(course)) },
    { name: '01-bai-mot.md', data: Buffer.from('## Mở đầu\n\nNội dung.') },
  ];
}
