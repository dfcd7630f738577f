export type Bump = 'major' | 'minor' | 'patch';

/** Reads the package bumps a changeset file declares in its front matter. */
export function parseChangeset(text: string): Map<string, Bump> {
  const bumps = new Map<string, Bump>();
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match?.[1]) return bumps;
  for (const line of match[1].split(/\r?\n/)) {
    const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
    if (entry?.[1] && entry[2]) bumps.set(entry[1].trim(), entry[2] as Bump);
  }
  return bumps;
}

const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

/** The largest bump each package gets from all pending changesets. */
export function pendingBumps(changesets: string[]): Map<string, Bump> {
  const all = new Map<string, Bump>();
  for (const text of changesets) {
    for (const [name, bump] of parseChangeset(text)) {
      const current = all.get(name);
      if (!current || RANK[bump] > RANK[current]) all.set(name, bump);
    }
  }
  return all;
}
