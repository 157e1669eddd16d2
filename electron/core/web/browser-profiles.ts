// Where each browser keeps its cookies, per OS. Everything is relative to the home in the given
// environment, and the OS is a parameter, so every layout can be laid out and tested on any machine.

import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { homeDir, type Env } from '../paths/codex-home.js';
import { BROWSER_JSON_MAX_BYTES, isRegularFile, readBoundedFileSync } from '../util/bounded-file.js';

export type BrowserKind = 'chromium' | 'firefox' | 'safari';
export type CookiePlatform = 'darwin' | 'linux' | 'win32';

/** How a Chromium browser's cookie key is stored by the OS (its "Safe Storage" secret). */
export interface SafeStorageNames {
  /** macOS Keychain generic password: service and account. */
  macService: string;
  macAccount: string;
  /** libsecret `application` attribute (Linux). */
  linuxApplication: string;
  /** KWallet folder and entry (Linux, KDE). */
  kwalletFolder: string;
  kwalletEntry: string;
}

export interface BrowserSpec {
  id: string;
  name: string;
  kind: BrowserKind;
  /** Candidate user-data roots, absolute; the first ones are the usual installs, then snap/flatpak. */
  roots: string[];
  safeStorage?: SafeStorageNames;
}

/** One cookie file of one browser profile that exists on disk. */
export interface CookieStore {
  browserId: string;
  browserName: string;
  kind: BrowserKind;
  /** The profile's folder name (`Default`, `Profile 1`, `abcd.default-release`), or '' for Safari. */
  profile: string;
  cookiesPath: string;
  /** Chromium: the user-data root holding `Local State` (the Windows key lives there). */
  userDataDir: string;
  safeStorage?: SafeStorageNames;
}

export function cookiePlatform(platform: NodeJS.Platform = process.platform): CookiePlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** "Chrome (Profile 1)", as messages and `attempts` name a store. */
export function storeLabel(store: Pick<CookieStore, 'browserName' | 'profile'>): string {
  return store.profile === '' ? store.browserName : `${store.browserName} (${store.profile})`;
}

interface ChromiumDef {
  id: string;
  name: string;
  mac?: string;
  linux?: string[];
  /** Relative to %LOCALAPPDATA%, unless `winRoaming`. */
  win?: string;
  winRoaming?: boolean;
  safe: [macService: string, macAccount: string, linuxApplication: string, product: string];
}

// Keychain labels follow CodexBar's catalogue (reference §2(d)); libsecret application names and
// KWallet folders follow Chromium's `<Product> Keys` / `<Product> Safe Storage` convention.
const CHROMIUM: ChromiumDef[] = [
  {
    id: 'chrome',
    name: 'Chrome',
    mac: 'Google/Chrome',
    win: 'Google/Chrome/User Data',
    linux: ['@config/google-chrome', '~/.var/app/com.google.Chrome/config/google-chrome'],
    safe: ['Chrome Safe Storage', 'Chrome', 'chrome', 'Chrome'],
  },
  {
    id: 'chromium',
    name: 'Chromium',
    mac: 'Chromium',
    win: 'Chromium/User Data',
    linux: ['@config/chromium', '~/snap/chromium/common/chromium', '~/.var/app/org.chromium.Chromium/config/chromium'],
    safe: ['Chromium Safe Storage', 'Chromium', 'chromium', 'Chromium'],
  },
  {
    id: 'edge',
    name: 'Microsoft Edge',
    mac: 'Microsoft Edge',
    win: 'Microsoft/Edge/User Data',
    linux: ['@config/microsoft-edge', '~/.var/app/com.microsoft.Edge/config/microsoft-edge'],
    safe: ['Microsoft Edge Safe Storage', 'Microsoft Edge', 'microsoft-edge', 'Microsoft Edge'],
  },
  {
    id: 'brave',
    name: 'Brave',
    mac: 'BraveSoftware/Brave-Browser',
    win: 'BraveSoftware/Brave-Browser/User Data',
    linux: [
      '@config/BraveSoftware/Brave-Browser',
      '~/snap/brave/current/.config/BraveSoftware/Brave-Browser',
      '~/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser',
    ],
    safe: ['Brave Safe Storage', 'Brave', 'brave', 'Brave'],
  },
  {
    id: 'arc',
    name: 'Arc',
    mac: 'Arc/User Data',
    win: 'Packages/TheBrowserCompany.Arc_ttt1ap7aakyb4/LocalCache/Local/Arc/User Data',
    safe: ['Arc Safe Storage', 'Arc', 'arc', 'Arc'],
  },
  { id: 'dia', name: 'Dia', mac: 'Dia/User Data', safe: ['Dia Safe Storage', 'Dia', 'dia', 'Dia'] },
  {
    id: 'atlas',
    name: 'ChatGPT Atlas',
    mac: 'com.openai.atlas/browser-data/host',
    safe: ['ChatGPT Atlas Safe Storage', 'com.openai.atlas', 'atlas', 'ChatGPT Atlas'],
  },
  {
    id: 'vivaldi',
    name: 'Vivaldi',
    mac: 'Vivaldi',
    win: 'Vivaldi/User Data',
    linux: ['@config/vivaldi'],
    safe: ['Vivaldi Safe Storage', 'Vivaldi', 'vivaldi', 'Vivaldi'],
  },
  {
    id: 'opera',
    name: 'Opera',
    mac: 'com.operasoftware.Opera',
    win: 'Opera Software/Opera Stable',
    winRoaming: true,
    linux: ['@config/opera'],
    safe: ['Opera Safe Storage', 'Opera', 'opera', 'Opera'],
  },
  {
    id: 'yandex',
    name: 'Yandex',
    mac: 'Yandex/YandexBrowser',
    win: 'Yandex/YandexBrowser/User Data',
    linux: ['@config/yandex-browser'],
    safe: ['Yandex Safe Storage', 'Yandex', 'yandex-browser', 'Yandex'],
  },
  {
    id: 'helium',
    name: 'Helium',
    mac: 'net.imput.helium',
    linux: ['@config/net.imput.helium'],
    safe: ['Helium Storage Key', 'Helium', 'helium', 'Helium'],
  },
  { id: 'comet', name: 'Comet', mac: 'Comet', win: 'Perplexity/Comet/User Data', safe: ['Comet Safe Storage', 'Comet', 'comet', 'Comet'] },
  {
    id: 'chrome-beta',
    name: 'Chrome Beta',
    mac: 'Google/Chrome Beta',
    win: 'Google/Chrome Beta/User Data',
    linux: ['@config/google-chrome-beta'],
    safe: ['Chrome Safe Storage', 'Chrome', 'chrome', 'Chrome'],
  },
  {
    id: 'chrome-canary',
    name: 'Chrome Canary',
    mac: 'Google/Chrome Canary',
    win: 'Google/Chrome SxS/User Data',
    linux: ['@config/google-chrome-unstable'],
    safe: ['Chrome Safe Storage', 'Chrome', 'chrome', 'Chrome'],
  },
  {
    id: 'brave-beta',
    name: 'Brave Beta',
    mac: 'BraveSoftware/Brave-Browser-Beta',
    win: 'BraveSoftware/Brave-Browser-Beta/User Data',
    linux: ['@config/BraveSoftware/Brave-Browser-Beta'],
    safe: ['Brave Safe Storage', 'Brave', 'brave', 'Brave'],
  },
  {
    id: 'brave-nightly',
    name: 'Brave Nightly',
    mac: 'BraveSoftware/Brave-Browser-Nightly',
    win: 'BraveSoftware/Brave-Browser-Nightly/User Data',
    linux: ['@config/BraveSoftware/Brave-Browser-Nightly'],
    safe: ['Brave Safe Storage', 'Brave', 'brave', 'Brave'],
  },
  {
    id: 'edge-beta',
    name: 'Microsoft Edge Beta',
    mac: 'Microsoft Edge Beta',
    win: 'Microsoft/Edge Beta/User Data',
    linux: ['@config/microsoft-edge-beta'],
    safe: ['Microsoft Edge Safe Storage', 'Microsoft Edge', 'microsoft-edge', 'Microsoft Edge'],
  },
  {
    id: 'edge-dev',
    name: 'Microsoft Edge Dev',
    mac: 'Microsoft Edge Dev',
    win: 'Microsoft/Edge Dev/User Data',
    linux: ['@config/microsoft-edge-dev'],
    safe: ['Microsoft Edge Safe Storage', 'Microsoft Edge', 'microsoft-edge', 'Microsoft Edge'],
  },
  {
    id: 'edge-canary',
    name: 'Microsoft Edge Canary',
    mac: 'Microsoft Edge Canary',
    win: 'Microsoft/Edge SxS/User Data',
    safe: ['Microsoft Edge Safe Storage', 'Microsoft Edge', 'microsoft-edge', 'Microsoft Edge'],
  },
];

interface FirefoxDef {
  id: string;
  name: string;
  mac: string;
  linux: string[];
  /** Relative to %APPDATA%. */
  win: string;
}

const FIREFOX: FirefoxDef[] = [
  {
    id: 'firefox',
    name: 'Firefox',
    mac: 'Firefox',
    win: 'Mozilla/Firefox',
    linux: ['~/.mozilla/firefox', '@config/mozilla/firefox', '~/snap/firefox/common/.mozilla/firefox', '~/.var/app/org.mozilla.firefox/.mozilla/firefox'],
  },
  { id: 'zen', name: 'Zen', mac: 'zen', win: 'zen', linux: ['~/.zen', '~/.var/app/app.zen_browser.zen/.zen'] },
  { id: 'librewolf', name: 'LibreWolf', mac: 'librewolf', win: 'librewolf', linux: ['~/.librewolf', '~/.var/app/io.gitlab.librewolf-community/.librewolf'] },
];

// The order browsers are tried in. macOS follows the Codex order CodexBar uses (Safari, Chrome,
// Firefox, then the rest); elsewhere the most used browsers come first, and on Windows Firefox comes
// early because Chrome and Edge increasingly write app-bound cookies no other program can read.
const ORDER: Record<CookiePlatform, string[]> = {
  darwin: [
    'safari',
    'chrome',
    'firefox',
    'edge',
    'brave',
    'arc',
    'dia',
    'atlas',
    'chromium',
    'helium',
    'vivaldi',
    'yandex',
    'opera',
    'zen',
    'librewolf',
    'chrome-beta',
    'chrome-canary',
    'brave-beta',
    'brave-nightly',
    'edge-beta',
    'edge-dev',
    'edge-canary',
    'comet',
  ],
  linux: [
    'chrome',
    'firefox',
    'chromium',
    'brave',
    'edge',
    'vivaldi',
    'opera',
    'zen',
    'librewolf',
    'yandex',
    'helium',
    'chrome-beta',
    'chrome-canary',
    'brave-beta',
    'brave-nightly',
    'edge-beta',
    'edge-dev',
  ],
  win32: [
    'chrome',
    'edge',
    'firefox',
    'brave',
    'vivaldi',
    'opera',
    'zen',
    'librewolf',
    'yandex',
    'arc',
    'comet',
    'chromium',
    'chrome-beta',
    'chrome-canary',
    'brave-beta',
    'brave-nightly',
    'edge-beta',
    'edge-dev',
    'edge-canary',
  ],
};

interface Bases {
  home: string;
  macSupport: string;
  config: string;
  local: string;
  roaming: string;
}

function bases(env: Env): Bases {
  const home = homeDir(env);
  const xdg = env.XDG_CONFIG_HOME;
  return {
    home,
    macSupport: join(home, 'Library', 'Application Support'),
    config: xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(home, '.config'),
    local: env.LOCALAPPDATA || join(home, 'AppData', 'Local'),
    roaming: env.APPDATA || join(home, 'AppData', 'Roaming'),
  };
}

function linuxPath(pattern: string, b: Bases): string {
  if (pattern.startsWith('@config/')) return join(b.config, ...pattern.slice('@config/'.length).split('/'));
  return join(b.home, ...pattern.slice('~/'.length).split('/'));
}

function rel(base: string, path: string): string {
  return join(base, ...path.split('/'));
}

/** Every browser QuotaBar knows on this OS, in the order they are tried. */
export function browserSpecs(env: Env, platform: CookiePlatform): BrowserSpec[] {
  const b = bases(env);
  const specs = new Map<string, BrowserSpec>();
  for (const def of CHROMIUM) {
    let roots: string[] = [];
    if (platform === 'darwin' && def.mac !== undefined) roots = [rel(b.macSupport, def.mac)];
    if (platform === 'linux' && def.linux !== undefined) roots = def.linux.map((p) => linuxPath(p, b));
    if (platform === 'win32' && def.win !== undefined) roots = [rel(def.winRoaming === true ? b.roaming : b.local, def.win)];
    if (roots.length === 0) continue;
    const [macService, macAccount, linuxApplication, product] = def.safe;
    specs.set(def.id, {
      id: def.id,
      name: def.name,
      kind: 'chromium',
      roots,
      safeStorage: { macService, macAccount, linuxApplication, kwalletFolder: `${product} Keys`, kwalletEntry: `${product} Safe Storage` },
    });
  }
  for (const def of FIREFOX) {
    const roots =
      platform === 'darwin' ? [rel(b.macSupport, def.mac)] : platform === 'win32' ? [rel(b.roaming, def.win)] : def.linux.map((p) => linuxPath(p, b));
    specs.set(def.id, { id: def.id, name: def.name, kind: 'firefox', roots });
  }
  if (platform === 'darwin') {
    specs.set('safari', {
      id: 'safari',
      name: 'Safari',
      kind: 'safari',
      roots: [join(b.home, 'Library', 'Containers', 'com.apple.Safari', 'Data', 'Library', 'Cookies'), join(b.home, 'Library', 'Cookies')],
    });
  }
  return ORDER[platform].flatMap((id) => {
    const spec = specs.get(id);
    return spec === undefined ? [] : [spec];
  });
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readBoundedFileSync(path, { maxBytes: BROWSER_JSON_MAX_BYTES })) as unknown;
  } catch {
    return undefined;
  }
}

/** Chromium's `Local State` names the last used profile; it goes first. */
function lastUsedChromiumProfile(root: string): string | undefined {
  const state = readJson(join(root, 'Local State'));
  if (typeof state !== 'object' || state === null) return undefined;
  const profile = (state as { profile?: unknown }).profile;
  if (typeof profile !== 'object' || profile === null) return undefined;
  const lastUsed = (profile as { last_used?: unknown }).last_used;
  return typeof lastUsed === 'string' ? lastUsed : undefined;
}

function profileRank(name: string, lastUsed: string | undefined): [number, number, string] {
  if (name === lastUsed) return [0, 0, name];
  if (name === 'Default' || name === '') return [1, 0, name];
  const numbered = /^Profile (\d+)$/.exec(name);
  if (numbered !== null) return [2, Number(numbered[1]), name];
  return [3, 0, name];
}

function compareRank(a: [number, number, string], b: [number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
}

function chromiumStores(spec: BrowserSpec): CookieStore[] {
  const out: CookieStore[] = [];
  for (const root of spec.roots) {
    if (!existsSync(root)) continue;
    const lastUsed = lastUsedChromiumProfile(root);
    // Opera keeps its profile in the root itself; everyone else in Default / Profile N.
    const candidates = ['', ...subdirectories(root)].sort((a, b) => compareRank(profileRank(a, lastUsed), profileRank(b, lastUsed)));
    for (const profile of candidates) {
      // Not profiles: Chromium's internal ones, and the root profile's own Network folder (Opera).
      if (profile === 'System Profile' || profile === 'Guest Profile' || profile === 'Network') continue;
      const dir = profile === '' ? root : join(root, profile);
      // Chrome 96+ moved the file to Network/Cookies; older profiles still have it at the top.
      const cookiesPath = [join(dir, 'Network', 'Cookies'), join(dir, 'Cookies')].find(isRegularFile);
      if (cookiesPath === undefined) continue;
      out.push({
        browserId: spec.id,
        browserName: spec.name,
        kind: 'chromium',
        profile: profile === '' ? 'Default' : profile,
        cookiesPath,
        userDataDir: root,
        ...(spec.safeStorage !== undefined ? { safeStorage: spec.safeStorage } : {}),
      });
    }
  }
  return out;
}

interface IniProfile {
  path: string;
  isDefault: boolean;
}

/** `profiles.ini`: each `[Profile*]` with its Path, and which one is the default (`[Install*]` wins over `Default=1`). */
export function parseProfilesIni(text: string, root: string): IniProfile[] {
  const sections: { name: string; values: Map<string, string> }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      sections.push({ name: header[1] ?? '', values: new Map() });
      continue;
    }
    const eq = line.indexOf('=');
    const current = sections[sections.length - 1];
    if (eq > 0 && current !== undefined) current.values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const installDefaults = new Set(
    sections
      .filter((s) => s.name.startsWith('Install'))
      .flatMap((s) => {
        const d = s.values.get('Default');
        return d === undefined ? [] : [d];
      }),
  );
  const profiles: IniProfile[] = [];
  for (const s of sections) {
    if (!s.name.startsWith('Profile')) continue;
    const path = s.values.get('Path');
    if (path === undefined || path === '') continue;
    const relative = s.values.get('IsRelative') !== '0';
    const full = relative ? join(root, ...path.split(/[\\/]/)) : path;
    profiles.push({ path: full, isDefault: installDefaults.has(path) || (installDefaults.size === 0 && s.values.get('Default') === '1') });
  }
  return profiles;
}

function firefoxStores(spec: BrowserSpec): CookieStore[] {
  const out: CookieStore[] = [];
  const seen = new Set<string>();
  for (const root of spec.roots) {
    if (!existsSync(root)) continue;
    let ini: IniProfile[] = [];
    try {
      ini = parseProfilesIni(readBoundedFileSync(join(root, 'profiles.ini')), root);
    } catch {
      // No profiles.ini: fall back to scanning the folders below.
    }
    const scanned = [root, join(root, 'Profiles')].flatMap((dir) => subdirectories(dir).map((name) => join(dir, name)));
    const ordered = [...ini.filter((p) => p.isDefault), ...ini.filter((p) => !p.isDefault)].map((p) => p.path);
    for (const dir of [...ordered, ...scanned.sort()]) {
      const cookiesPath = join(dir, 'cookies.sqlite');
      if (seen.has(cookiesPath) || !isRegularFile(cookiesPath)) continue;
      seen.add(cookiesPath);
      const profile = dir.split(/[\\/]/).pop() ?? dir;
      out.push({ browserId: spec.id, browserName: spec.name, kind: 'firefox', profile, cookiesPath, userDataDir: root });
    }
  }
  return out;
}

function safariStores(spec: BrowserSpec): CookieStore[] {
  for (const root of spec.roots) {
    const cookiesPath = join(root, 'Cookies.binarycookies');
    // Without Full Disk Access the container is unreadable; existsSync still sees the file, so the
    // reader can say why it could not open it instead of pretending Safari has no cookies.
    if (existsSync(cookiesPath)) {
      return [{ browserId: spec.id, browserName: spec.name, kind: 'safari', profile: '', cookiesPath, userDataDir: root }];
    }
  }
  return [];
}

/** Every cookie file on disk, in the order they should be tried. Cheap: directory listings only. */
export function findCookieStores(env: Env, platform: CookiePlatform): CookieStore[] {
  return browserSpecs(env, platform).flatMap((spec) => {
    if (spec.kind === 'chromium') return chromiumStores(spec);
    if (spec.kind === 'firefox') return firefoxStores(spec);
    return safariStores(spec);
  });
}
