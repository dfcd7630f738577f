/**
 * Small deterministic random toolkit. Every row gets its own generator, derived from
 * (seed, table salt, row index), so a row can be regenerated on its own and iteration
 * order never changes the values.
 */

/** 32-bit integer mixing (murmur3 finalizer). */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string, 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seed for one row of one table. */
export function rowSeed(seed: number, salt: string, index: number): number {
  return mix32(mix32(seed ^ hashString(salt)) + Math.imul(index + 1, 0x9e3779b1));
}

/** mulberry32: tiny, fast, good enough for demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Weighted<T> = readonly (readonly [T, number])[];

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  static forRow(seed: number, salt: string, index: number): Rng {
    return new Rng(rowSeed(seed, salt, index));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

/**
 * Fixed-size bitmap used to keep generated values unique while streaming rows: a set bit
 * means "possibly taken" (hash collisions only cost a numeric suffix), a clear bit means
 * "certainly new". Memory is constant (2 MiB) whatever the row count.
 */
export class SeenBitmap {
  private readonly bits = new Uint8Array(1 << 21);

  /** Returns true when the value was certainly not seen before, and marks it as seen. */
  claim(value: string): boolean {
    const h = mix32(hashString(value)) & ((1 << 24) - 1);
    const byte = h >>> 3;
    const mask = 1 << (h & 7);
    const current = this.bits[byte] ?? 0;
    if ((current & mask) !== 0) return false;
    this.bits[byte] = current | mask;
    return true;
  }
}

/**
 * Keyed pseudo-random permutation of [0, size): a 4-round Feistel network over the
 * smallest even power of two ≥ size, with cycle walking. Lets row i pick a unique
 * combination (e.g. a company name) without remembering earlier rows.
 */
export function permute(index: number, size: number, key: number): number {
  if (size <= 1) return 0;
  let bits = Math.ceil(Math.log2(size));
  if (bits % 2 === 1) bits++;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let value = index;
  do {
    let left = value >>> half;
    let right = value & mask;
    for (let round = 0; round < 4; round++) {
      const next = left ^ (mix32(right ^ Math.imul(key + round, 0x9e3779b1)) & mask);
      left = right;
      right = next;
    }
    value = (left << half) | right;
  } while (value >= size);
  return value;
}
