import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs` (aligned to the second) so countdowns stay live. */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(new Date());
      timer = setTimeout(tick, everyMs - (Date.now() % 1000));
    };
    timer = setTimeout(tick, everyMs - (Date.now() % 1000));
    return () => clearTimeout(timer);
  }, [everyMs]);
  return now;
}
