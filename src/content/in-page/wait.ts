/**
 * The wait before a limit dialog's Confirm is enabled (LimitRule.confirmDelaySeconds): a pause to think, which
 * starts again whenever the tab loses focus, so it cannot be sat out in another tab. Timers are the caller's
 * (window's in the page, fake ones in tests).
 */
export interface Wait {
  /** Focus was lost: count the whole wait again. */
  restart(): void;
  stop(): void;
}

export interface WaitTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Calls `onTick` with the seconds still to wait (`seconds`, …, 1) and then 0, when Confirm may be enabled. */
export function startWait(seconds: number, onTick: (left: number) => void, timers: WaitTimers = globalThis as unknown as WaitTimers): Wait {
  let left = seconds;
  let timer: unknown = null;
  let stopped = false;
  const tick = (): void => {
    onTick(left);
    if (left <= 0) return;
    timer = timers.setTimeout(() => {
      left--;
      tick();
    }, 1_000);
  };
  tick();
  return {
    restart() {
      if (stopped || seconds <= 0) return;
      timers.clearTimeout(timer);
      left = seconds;
      tick();
    },
    stop() {
      stopped = true;
      timers.clearTimeout(timer);
    },
  };
}
