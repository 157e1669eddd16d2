// Which view a window shows: the popover, or preferences (Electron opens index.html#/preferences
// in its own window; a browser tab switches between the two with the hash).

export type View = 'popover' | 'preferences';

export function viewFromHash(hash: string): View {
  return /^#\/?preferences\b/.test(hash) ? 'preferences' : 'popover';
}

export function navigateTo(win: Window, view: View): void {
  win.location.hash = view === 'preferences' ? '#/preferences' : '#/';
}
