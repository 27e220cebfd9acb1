/**
 * Damaged copies of a well-formed binary file, for tests that a reader never throws on bad input:
 * the file cut at every byte, and every `bitStride`-th bit flipped on its own.
 */
export function damagedCopies(whole: Buffer, bitStride: number): Buffer[] {
  const copies: Buffer[] = [];
  for (let cut = 0; cut < whole.length; cut++) copies.push(whole.subarray(0, cut));
  for (let bit = 0; bit < whole.length * 8; bit += bitStride) {
    const flipped = Buffer.from(whole);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    copies.push(flipped);
  }
  return copies;
}

/** A seeded linear congruential generator: the same garbage on every run. */
export function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31);
}
