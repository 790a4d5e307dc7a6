/** Levenshtein distance (insert, delete, substitute: cost 1 each). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, ignoring case first (a key typed in the wrong case is the
 * likeliest mistake), or undefined when nothing is close enough to be a plausible typo.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { key: string; score: number } | undefined;
  for (const key of candidates) {
    if (key === word) continue;
    const d = editDistance(lower, key.toLowerCase());
    if (d > limit) continue;
    // Exact-case distance breaks ties between candidates equally far apart ignoring case.
    const score = d * 100 + editDistance(word, key);
    if (!best || score < best.score || (score === best.score && key < best.key)) best = { key, score };
  }
  return best?.key;
}
