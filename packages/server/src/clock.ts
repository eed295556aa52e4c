/** The current time; injected wherever behaviour depends on it, so tests can move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
