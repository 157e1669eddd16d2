// Regenerates the packaged application icons in resources/ from the icon renderer:
//   node --import tsx scripts/generate-app-icons.ts
// test/electron/core/tray-icon/app-icon.test.ts fails when the files drift from the renderer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ICON_ICO_SIZES, APP_ICON_PNG_SIZES, renderAppIcon } from '../electron/core/tray-icon/app-icon.js';
import { encodeIco, encodePng } from '../electron/core/tray-icon/icon-encoding.js';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const linuxIcons = join(resources, 'icons');
mkdirSync(linuxIcons, { recursive: true });

const rendered = new Map(APP_ICON_PNG_SIZES.map((size) => [size, renderAppIcon(size)] as const));
for (const [size, image] of rendered) {
  if (size <= 512) writeFileSync(join(linuxIcons, `${size}x${size}.png`), encodePng(image));
}
writeFileSync(join(resources, 'icon.png'), encodePng(rendered.get(1024)!));
writeFileSync(join(resources, 'icon.ico'), encodeIco(APP_ICON_ICO_SIZES.map((size) => rendered.get(size)!)));
console.log(`wrote ${resources}icon.png, icon.ico and icons/*.png`);
