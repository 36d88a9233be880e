/**
 * The seeded, splittable PRNG handed to every reconcile. Streams are identified by
 * labels (`split('scheduler').split('default/web-abcde')`): a stream's numbers depend
 * only on the run's seed and its labels, never on what other streams drew, so adding a
 * controller or a pod does not reshuffle everybody else's luck.
 * Generator: pure-rand's xoroshiro128+, created lazily on first draw.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { deriveSeed32 } from '../log/hash.js';
import type { Rng } from '../state/controller.js';

const TWO_POW_32 = 0x100000000;

class SeededRng implements Rng {
  private generator: RandomGenerator | undefined;

  constructor(private readonly seed: number) {}

  private gen(): RandomGenerator {
    this.generator ??= xoroshiro128plus(this.seed);
    return this.generator;
  }

  int(from: number, to: number): number {
    return uniformInt(this.gen(), from, to);
  }

  float(): number {
    // 32 random bits are plenty for jitter and tie-breaking.
    return (this.gen().next() >>> 0) / TWO_POW_32;
  }

  split(label: string): Rng {
    return new SeededRng(deriveSeed32(this.seed, label));
  }
}

export const seededRng = (seed: number): Rng => new SeededRng(deriveSeed32(seed >>> 0, `kubesim:${seed}`));
