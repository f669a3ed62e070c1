/** Real media files for tests, made on the spot. */
import sharp from 'sharp';

export function png(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 11, g: 79, b: 138 } } }).png().toBuffer();
}

/** A JPEG a phone might take: with camera and GPS data in its EXIF. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 160, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Điện thoại', Model: 'Thử nghiệm' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 26/1 0/1' } })
    .toBuffer();
}

/** Enough of an MP3 to be recognised: an ID3 tag and frames of silence. */
export function mp3(bytes = 4096): Buffer {
  const file = Buffer.alloc(bytes);
  file.write('ID3', 0, 'latin1');
  file[3] = 4;
  return file;
}

export const svgWithScript = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
