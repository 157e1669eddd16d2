import { useEffect } from 'react';

/** In the tray app, Escape closes the window (the popover and preferences alike); a browser tab ignores it. */
export function useEscapeToClose(host: 'electron' | 'web' | undefined, closeWindow: () => Promise<void>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && host === 'electron') void closeWindow();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeWindow, host]);
}
