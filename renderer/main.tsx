import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { pickApi } from './api/pick-api.js';
import { createAppStore } from './state/app-store.js';
import { StoreProvider } from './state/store-context.js';

const root = document.getElementById('root');
if (root !== null) {
  const store = createAppStore(pickApi(window));
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
