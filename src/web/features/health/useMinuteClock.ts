import { useEffect, useState } from 'react';

/** The wall clock, a minute at a time: enough for "open for 12 min". */
export function useMinuteClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
