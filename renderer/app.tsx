import { useEffect, useState } from 'react';
import { Popover } from './popover/popover.js';
import { Preferences } from './preferences/preferences.js';
import { useAppStore } from './state/store-context.js';
import { viewFromHash, type View } from './view-route.js';

export function App() {
  const [view, setView] = useState<View>(() => viewFromHash(window.location.hash));
  const start = useAppStore((s) => s.start);
  const theme = useAppStore((s) => s.state?.settings.display.theme ?? 'system');
  const host = useAppStore((s) => s.state?.host ?? null);

  useEffect(() => start(), [start]);
  useEffect(() => {
    const onHash = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (host !== null) document.documentElement.dataset.host = host;
    document.title = view === 'preferences' ? 'QuotaBar Preferences' : 'QuotaBar';
  }, [host, view]);

  return view === 'preferences' ? <Preferences /> : <Popover />;
}
