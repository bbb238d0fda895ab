/**
 * Resolves after one turn of the event loop (after pending I/O and calls), so work done in
 * slices on the main thread lets every other caller in between.
 */
export const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
