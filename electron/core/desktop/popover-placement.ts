// Where the popover goes: next to the tray icon when the OS says where that is, else next to the
// cursor (Linux reports zero tray bounds), always inside the work area of that display.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export type TrayEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PlacementInput {
  /** tray.getBounds(); all zeros on Linux. */
  trayBounds: Rect | null;
  /** screen.getCursorScreenPoint() at the click. */
  cursor: Point;
  /** The display nearest the anchor: its full bounds and the part not covered by panels and taskbars. */
  display: { bounds: Rect; workArea: Rect };
  window: { width: number; height: number };
  /** Space between the anchor and the popover, and kept from the work area's edges. */
  gap?: number;
}

export interface Placement extends Point {
  edge: TrayEdge;
  anchoredTo: 'tray' | 'cursor';
}

const DEFAULT_GAP = 6;

export function hasUsableBounds(rect: Rect | null): rect is Rect {
  return rect !== null && rect.width > 0 && rect.height > 0;
}

/**
 * Which screen edge the tray sits on: the side where the work area stops short of the display (the
 * taskbar or panel). With an auto-hiding panel there is no difference, so the anchor's half decides.
 */
export function trayEdge(anchor: Rect, display: { bounds: Rect; workArea: Rect }): TrayEdge {
  const { bounds, workArea } = display;
  const gaps: Array<[TrayEdge, number]> = [
    ['top', workArea.y - bounds.y],
    ['bottom', bounds.y + bounds.height - (workArea.y + workArea.height)],
    ['left', workArea.x - bounds.x],
    ['right', bounds.x + bounds.width - (workArea.x + workArea.width)],
  ];
  const panels = gaps.filter(([, size]) => size > 0);
  const cx = anchor.x + anchor.width / 2;
  const cy = anchor.y + anchor.height / 2;
  if (panels.length === 1) return panels[0]![0];
  if (panels.length > 1) {
    // Several panels (e.g. GNOME top bar + dock): the one nearest the anchor.
    const distance: Record<TrayEdge, number> = {
      top: Math.abs(cy - bounds.y),
      bottom: Math.abs(bounds.y + bounds.height - cy),
      left: Math.abs(cx - bounds.x),
      right: Math.abs(bounds.x + bounds.width - cx),
    };
    return panels.map(([edge]) => edge).sort((a, b) => distance[a] - distance[b])[0]!;
  }
  return cy < workArea.y + workArea.height / 2 ? 'top' : 'bottom';
}

function clamp(value: number, min: number, max: number): number {
  return max < min ? min : Math.min(max, Math.max(min, value));
}

export function placePopover(input: PlacementInput): Placement {
  const gap = input.gap ?? DEFAULT_GAP;
  const { workArea } = input.display;
  const { width, height } = input.window;
  const onTray = hasUsableBounds(input.trayBounds);
  const anchor: Rect = onTray ? input.trayBounds! : { x: input.cursor.x, y: input.cursor.y, width: 0, height: 0 };
  // The cursor can sit anywhere, so only its half of the work area says which way to open.
  const edge: TrayEdge = onTray ? trayEdge(anchor, input.display) : anchor.y < workArea.y + workArea.height / 2 ? 'top' : 'bottom';
  const cx = anchor.x + anchor.width / 2;
  const cy = anchor.y + anchor.height / 2;
  let x: number;
  let y: number;
  switch (edge) {
    case 'top':
      x = cx - width / 2;
      y = Math.max(anchor.y + anchor.height, workArea.y) + gap;
      break;
    case 'bottom':
      x = cx - width / 2;
      y = Math.min(anchor.y, workArea.y + workArea.height) - gap - height;
      break;
    case 'left':
      x = Math.max(anchor.x + anchor.width, workArea.x) + gap;
      y = cy - height / 2;
      break;
    case 'right':
      x = Math.min(anchor.x, workArea.x + workArea.width) - gap - width;
      y = cy - height / 2;
      break;
  }
  return {
    x: Math.round(clamp(x, workArea.x + gap, workArea.x + workArea.width - width - gap)),
    y: Math.round(clamp(y, workArea.y + gap, workArea.y + workArea.height - height - gap)),
    edge,
    anchoredTo: onTray ? 'tray' : 'cursor',
  };
}
