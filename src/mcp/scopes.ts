// Any-of permission sets, as the spec declares them.

export function satisfies(sets: readonly (readonly string[])[], granted: ReadonlySet<string>): boolean {
  return sets.some((set) => set.every((scope) => granted.has(scope)));
}

export function firstGrantedStrategy(strategies: Record<string, string[][]>, granted: ReadonlySet<string>): string | undefined {
  return Object.entries(strategies).find(([, sets]) => satisfies(sets, granted))?.[0];
}
