/** Time as the terraform runner sees it; tests give a manual one. */
export interface Clock {
  now(): Date;
  /** Calls `callback` after `ms` milliseconds unless the returned cancel function is called first. */
  setTimeout(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
