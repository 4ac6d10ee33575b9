import { seededRandom } from '../ids.ts';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Deterministic helpers over one seeded generator: the same seed always yields the same org. */
export class SeedRandom {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let roll = this.next() * total;
    for (let i = 0; i < items.length; i += 1) {
      roll -= weights[i] as number;
      if (roll < 0) return items[i] as T;
    }
    return items.at(-1) as T;
  }

  /** Random characters from base62 (Okta ids, session and transaction ids). */
  base62(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += BASE62[Math.floor(this.next() * 62)];
    return out;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** A UUID-shaped value (version-1 layout like Okta's event uuids). */
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-1${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}
