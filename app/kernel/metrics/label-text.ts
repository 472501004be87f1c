// A series' labels as exposition text, `{a="1",b="2"}`, rendered once per series rather than at every
// scrape. Formatting label sets was most of what a scrape cost: at 10,000 series, 16 ms of a render
// whose reading takes 4 (`npm run bench -- scrape`, BENCHMARKS.md).
//
// Cached by the identity of prom-client's label objects, which it keeps for the life of a series and
// never changes (a counter's or gauge's labels are the object it stored at the series' first update;
// a histogram's `sharedLabels` likewise, with `le` in a fresh object each time, so within a series a
// bucket's text is found by its `le` value as it is, and `_sum`'s and `_count`'s by their having no
// own labels: no key is built per sample, and a series holds a text per bound, one for `+Inf` and
// one that `_sum` and `_count` share).
// A label object changed in place after its first scrape would keep its old text: prom-client's own
// lookups (by a hash computed when the series was created) break the same way.
// The caches are WeakMaps: a removed or reset series takes its text with it.
import type { LabelValue, Labels } from './families.js';

/** One `name="value"` pair in a format, or undefined to leave the label out. */
export type PairFormat = (name: string, value: LabelValue) => string | undefined;

export type LabelText = (labels: Labels | undefined, shared: Labels | undefined) => string;

const NONE: Labels = Object.freeze({});

export function createLabelText(pair: PairFormat): LabelText {
  const byLabels = new WeakMap<Labels, string>();
  const byShared = new WeakMap<Labels, Map<BucketKey, string>>();

  const render = (labels: Labels, shared: Labels | undefined): string => {
    const pairs: string[] = [];
    for (const [name, value] of Object.entries(labels)) {
      if (shared !== undefined && Object.hasOwn(shared, name)) continue;
      const text = pair(name, value);
      if (text !== undefined) pairs.push(text);
    }
    for (const [name, value] of Object.entries(shared ?? NONE)) {
      const text = pair(name, value);
      if (text !== undefined) pairs.push(text);
    }
    return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
  };

  return (labels = NONE, shared) => {
    if (shared === undefined) {
      let text = byLabels.get(labels);
      if (text === undefined) byLabels.set(labels, (text = render(labels, undefined)));
      return text;
    }
    const key = bucketKey(labels);
    if (key === NOT_A_BUCKET) return render(labels, shared);
    let texts = byShared.get(shared);
    if (texts === undefined) byShared.set(shared, (texts = new Map<BucketKey, string>()));
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = render(labels, shared)));
    return text;
  };
}

// A Map key compares numbers and strings by value (SameValueZero), so 0.5 and '+Inf' are keys as
// they are, and the bound 1 is not the string '1'. -0 and 0 share a key; both print as 0.
type BucketKey = LabelValue | typeof NO_OWN_LABELS;
const NO_OWN_LABELS = Symbol('no own labels: _sum or _count');
const NOT_A_BUCKET = Symbol('own labels other than le');

/** A histogram sample's own `le` value, NO_OWN_LABELS for none, NOT_A_BUCKET for anything else (rendered uncached). */
function bucketKey(labels: Labels): BucketKey | typeof NOT_A_BUCKET {
  let key: BucketKey = NO_OWN_LABELS;
  let count = 0;
  for (const name in labels) {
    if (++count > 1 || name !== 'le') return NOT_A_BUCKET;
    key = labels[name];
  }
  return key;
}
