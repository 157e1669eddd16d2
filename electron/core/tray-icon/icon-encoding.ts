import { PNG } from 'pngjs';
import type { RgbaImage } from './raster.js';

/** PNG bytes for straight-alpha RGBA pixels (what Electron's nativeImage.createFromBuffer reads). */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputColorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 6, inputColorType: 6, inputHasAlpha: true });
}

export function decodePng(bytes: Buffer): RgbaImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/**
 * A Windows .ico holding PNG-compressed images (supported since Vista; what electron-builder and
 * NSIS accept). Layout: ICONDIR (6 bytes), one 16-byte ICONDIRENTRY per image, then the PNGs.
 */
export function encodeIco(images: RgbaImage[]): Buffer {
  if (images.length === 0) throw new Error('encodeIco needs at least one image');
  const pngs = images.map((image) => {
    if (image.width > 256 || image.height > 256) throw new Error(`ICO images are at most 256×256, got ${image.width}×${image.height}`);
    return { image, bytes: encodePng(image) };
  });
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ image, bytes }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(image.width === 256 ? 0 : image.width, e); // 0 means 256
    header.writeUInt8(image.height === 256 ? 0 : image.height, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3); // reserved
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(bytes.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += bytes.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.bytes)]);
}

export interface IcoEntry {
  width: number;
  height: number;
  bitsPerPixel: number;
  png: Buffer;
}

/** Reads back an .ico written by encodeIco (PNG entries only); used to check the packaged icon. */
export function decodeIco(bytes: Buffer): IcoEntry[] {
  if (bytes.length < 6 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const count = bytes.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = 6 + 16 * i;
    if (e + 16 > bytes.length) throw new Error('truncated .ico directory');
    const size = bytes.readUInt32LE(e + 8);
    const offset = bytes.readUInt32LE(e + 12);
    if (offset + size > bytes.length) throw new Error('truncated .ico image');
    entries.push({
      width: bytes.readUInt8(e) || 256,
      height: bytes.readUInt8(e + 1) || 256,
      bitsPerPixel: bytes.readUInt16LE(e + 6),
      png: bytes.subarray(offset, offset + size),
    });
  }
  return entries;
}
