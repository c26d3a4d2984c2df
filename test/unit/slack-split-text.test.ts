// Slack's text split against a plain reference: each candidate piece counted again in full
// (code points, as Slack counts), on random texts of short and long lines, emoji and blank lines.
import { splitText } from '../../adapters/slack/render';

function reference(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    const chars = [...line];
    while (chars.length > max) pieces.push(chars.splice(0, max).join(''));
    current = chars.join('');
  }
  if (current || pieces.length === 0) pieces.push(current);
  return pieces;
}

describe('splitText', () => {
  it('splits as the reference does, and no piece is longer than the limit', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = ['a', 'b', ' ', 'é', '😀', '👩🏽‍💻', 'ع'];
    for (let run = 0; run < 500; run++) {
      const lines = Array.from({ length: random(12) }, () => Array.from({ length: random(4) === 0 ? random(60) : random(12) }, () => alphabet[random(alphabet.length)]).join(''));
      const text = lines.join('\n');
      const max = 1 + random(30);
      const pieces = splitText(text, max);
      expect(pieces).toEqual(reference(text, max));
      for (const piece of pieces) expect([...piece].length).toBeLessThanOrEqual(max);
    }
  });

  it('keeps lines whole while they fit', () => {
    expect(splitText('one\ntwo\nthree', 7)).toEqual(['one\ntwo', 'three']);
    expect(splitText('', 10)).toEqual(['']);
  });
});
