import { createContext, useContext, useEffect, useState } from 'react';

/** Where the renderer reads the time: the wall clock in the app, a fixed instant in tests. */
export type Clock = () => Date;

export const ClockContext = createContext<Clock>(() => new Date());

/** The current time from the injected clock, re-read every `everyMs` (aligned to the second) so countdowns stay live. */
export function useNow(everyMs = 1000): Date {
  const clock = useContext(ClockContext);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const delay = () => everyMs - (clock().getTime() % 1000);
    const tick = () => {
      setNow(clock());
      timer = setTimeout(tick, delay());
    };
    timer = setTimeout(tick, delay());
    return () => clearTimeout(timer);
  }, [everyMs, clock]);
  return now;
}
