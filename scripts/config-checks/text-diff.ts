/** Where two texts first differ, as "line N: expected …, found …", or undefined if equal. */
export function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const want = expected.split('\n');
  const have = actual.split('\n');
  const line = want.findIndex((text, index) => text !== have[index]);
  const at = line === -1 ? want.length : line;
  return `first at line ${at + 1}: expected ${JSON.stringify(want[at]?.trim() ?? '(end of file)')}, found ${JSON.stringify(have[at]?.trim() ?? '(end of file)')}`;
}
