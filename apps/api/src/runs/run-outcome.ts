/** Attempts before a run (or a chunk of one) that keeps failing for passing reasons is failed for good. */
export const RETRY_BUDGET = 3;

/** What a job tells its queue: come back after a delay (a retry, or a wait for a refresh), or nothing more to do. */
export type RunOutcome = { retryInMs: number } | null;
