/**
 * Another caller's work, one piece per turn of the event loop, while `work` runs: how many
 * pieces ran tells whether `work` gave the loop back (0 or 1 means it held it throughout).
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let counting = true;
  const other = (): void => {
    turns++;
    if (counting) setImmediate(other);
  };
  setImmediate(other);
  try {
    return { value: await work(), turns };
  } finally {
    counting = false;
  }
}
