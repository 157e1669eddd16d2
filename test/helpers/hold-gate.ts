// Lets a test hold a double's next answer until it says so, to see what waits for it.

export interface HoldGate {
  /** Waits while a hold is on; resolves at once otherwise. */
  pass(): Promise<void>;
  /** Holds every pass until the returned function is called. */
  holdNext(): () => void;
}

export function holdGate(): HoldGate {
  let hold: Promise<void> | null = null;
  return {
    async pass() {
      if (hold !== null) await hold;
    },
    holdNext() {
      let release: () => void = () => {};
      hold = new Promise<void>((resolve) => {
        release = () => {
          hold = null;
          resolve();
        };
      });
      return release;
    },
  };
}
