// A recording double of the Electron main-process API surface the shell uses. Electron cannot run
// on the test machine, so main.ts's wiring is exercised against this instead; every call is logged
// to `record` for the test to inspect.
import { EventEmitter } from 'node:events';

export const record = [];
const note = (...entry) => record.push(entry);

let nextWebContentsId = 1;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextWebContentsId++;
    this.url = '';
    this.mainFrame = null;
    this.sent = [];
  }
  isDevToolsOpened() {
    return false;
  }
  send(channel, payload) {
    this.sent.push([channel, payload?.type]);
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static all = [];
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.visible = false;
    this.destroyed = false;
    this.position = null;
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.webContents.url = url;
    this.webContents.mainFrame = { url, parent: null };
    note('loadURL', url);
  }
  getSize() {
    return [this.options.width, this.options.height];
  }
  setPosition(x, y) {
    this.position = [x, y];
  }
  show() {
    this.visible = true;
  }
  focus() {}
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  removeMenu() {}
  once(event, fn) {
    return super.once(event, fn);
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
  destroy() {
    this.destroyed = true;
  }
}

class App extends EventEmitter {
  isPackaged = false;
  dock = { hide: () => note('dock.hide') };
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return new Promise((resolve) => setTimeout(resolve, 5));
  }
  setName(name) {
    note('setName', name);
  }
  setPath(key, value) {
    note('setPath', key, value);
  }
  setAppUserModelId(id) {
    note('setAppUserModelId', id);
  }
  getVersion() {
    return '0.0.0-test';
  }
  getAppPath() {
    return process.cwd();
  }
  setLoginItemSettings(settings) {
    note('setLoginItemSettings', settings);
  }
  quit() {
    note('quit');
    this.emit('before-quit');
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    this.emit('will-quit', event);
    if (!event.prevented) this.exit(0);
  }
  exit(code) {
    note('exit', code);
    globalThis.__electronDoubleExit?.(code);
  }
}
export const app = new App();

export const protocol = {
  handlers: new Map(),
  registerSchemesAsPrivileged: (schemes) => note('registerSchemesAsPrivileged', schemes),
  handle: (scheme, handler) => protocol.handlers.set(scheme, handler),
};
const defaultSession = Object.assign(new EventEmitter(), {
  setPermissionRequestHandler: (fn) => {
    defaultSession.permissionRequest = fn;
  },
  setPermissionCheckHandler: (fn) => {
    defaultSession.permissionCheck = fn;
  },
  webRequest: {
    onBeforeRequest: (filter, fn) => {
      defaultSession.beforeRequest = { filter, fn };
    },
  },
});
export const session = { defaultSession };
export const shell = { openExternal: async (url) => note('openExternal', url) };
export const ipcMain = { handlers: new Map(), handle: (channel, fn) => ipcMain.handlers.set(channel, fn) };
export const net = { online: true, isOnline: () => net.online };
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    note('notification', this.options.title);
  }
}
export const powerMonitor = new EventEmitter();
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
  decryptStringAsync: async (bytes) => ({ result: Buffer.from(bytes.toString().slice(4), 'base64').toString(), shouldReEncrypt: false }),
};
export const nativeTheme = { shouldUseDarkColors: false };
export const screen = {
  cursor: { x: 1700, y: 10 },
  getCursorScreenPoint: () => screen.cursor,
  getDisplayNearestPoint: () => ({ bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 32, width: 1920, height: 1048 } }),
};
export class Tray extends EventEmitter {
  static current = null;
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.menu = null;
    this.bounds = { x: 0, y: 0, width: 0, height: 0 };
    this.destroyed = false;
    Tray.current = this;
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  popUpContextMenu() {}
  getBounds() {
    return this.bounds;
  }
  destroy() {
    this.destroyed = true;
  }
}
export const Menu = { buildFromTemplate: (template) => ({ template }) };
export const nativeImage = {
  createEmpty: () => ({
    representations: [],
    template: false,
    addRepresentation(rep) {
      this.representations.push(rep);
    },
    setTemplateImage(flag) {
      this.template = flag;
    },
  }),
};

globalThis.__electronDouble = { app, ipcMain, BrowserWindow, Tray, protocol, powerMonitor, session, net, screen, record };
