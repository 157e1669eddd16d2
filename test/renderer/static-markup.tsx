// The renderer drawn by React without a browser, for tests that read its markup.

import { renderToStaticMarkup } from 'react-dom/server';
import type { AppState } from '../../shared/quotabar-api.js';
import { Popover } from '../../renderer/popover/popover.js';
import { createAppStore } from '../../renderer/state/app-store.js';
import { StoreProvider } from '../../renderer/state/store-context.js';
import { ClockContext } from '../../renderer/state/use-now.js';
import { appState, FIXTURE_NOW } from './popover-fixtures.js';
import { fakeQuotaBarApi } from './fake-quotabar-api.js';

/** The whole popover for `state` (null: before the first state arrives) at the clock `now`. */
export function renderPopover(state: AppState | null, now: Date = FIXTURE_NOW): string {
  const store = createAppStore(fakeQuotaBarApi(state ?? appState()), state);
  return renderToStaticMarkup(
    <ClockContext.Provider value={() => now}>
      <StoreProvider store={store}>
        <Popover />
      </StoreProvider>
    </ClockContext.Provider>,
  );
}

/** What the markup says, tags dropped and spaces collapsed. */
export const markupText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
