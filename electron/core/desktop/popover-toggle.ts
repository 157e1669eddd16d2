/**
 * Clicking the tray icon while the popover is open first blurs the popover (which hides it), then
 * delivers the click. Without care that click would show it again at once, so a popover hidden by
 * blur a moment ago stays hidden: the person clicked the icon to close it.
 */
export const BLUR_CLICK_GRACE_MS = 300;

export interface PopoverToggleState {
  visible: boolean;
  /** When the popover last hid because it lost focus, or null. */
  lastHiddenByBlurAt: number | null;
}

export type PopoverClickAction = 'show' | 'hide' | 'ignore';

export function popoverClickAction(state: PopoverToggleState, now: number, graceMs = BLUR_CLICK_GRACE_MS): PopoverClickAction {
  if (state.visible) return 'hide';
  if (state.lastHiddenByBlurAt !== null && now - state.lastHiddenByBlurAt >= 0 && now - state.lastHiddenByBlurAt < graceMs) return 'ignore';
  return 'show';
}
