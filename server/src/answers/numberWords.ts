// Cardinal number words ("twelve", "forty-two", "three thousand six hundred", "one hundred and one") read as
// digits. GSM8K-style replies sometimes spell a small answer out; only a whole answer made of number words is
// read, so a text answer that merely contains one ("one solution") stays text.

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/** The number a phrase of cardinal words names, or null when any word is not one (or the phrase is empty). */
export function numberWords(text: string): number | null {
  const words = text.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter((w) => w !== '' && w !== 'and');
  if (words.length === 0 || words.length > 12) return null;
  let total = 0;
  let group = 0;
  let seen = false;
  for (const w of words) {
    if (w in SMALL) {
      group += SMALL[w]!;
      seen = true;
    } else if (w === 'hundred') {
      group = (group || 1) * 100;
      seen = true;
    } else if (w in SCALES) {
      total += (group || 1) * SCALES[w]!;
      group = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + group : null;
}
