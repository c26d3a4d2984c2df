// Amounts in US dollars as members type them: "2.5m", "2,500,000", "USD 2.5 million",
// "1.2bn", "750k". Negative amounts and words that are not an amount are refused.
export type ValueParse = { ok: true; value: number } | { ok: false; reason: 'negative' | 'unreadable' | 'zero' };

const SCALES: Record<string, number> = {
  k: 1e3, thousand: 1e3,
  m: 1e6, mn: 1e6, mio: 1e6, million: 1e6, millions: 1e6,
  b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9,
};

export function parseUsd(raw: string): ValueParse {
  let text = raw.trim().toLowerCase();
  text = text.replace(/^(usd|us\$|\$)\s*/, '').replace(/\s*(usd|us dollars|dollars|\$)$/, '').trim();
  const negative = /^[-−(]/.test(text);
  text = text.replace(/^[-−(]\s*/, '').replace(/\)$/, '').trim();
  const m = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)?$/.exec(text);
  if (!m) return { ok: false, reason: 'unreadable' };
  const scale = m[2] === undefined ? 1 : SCALES[m[2]];
  if (scale === undefined) return { ok: false, reason: 'unreadable' };
  if (negative) return { ok: false, reason: 'negative' };
  const value = Math.round(Number(m[1].replace(/,/g, '')) * scale * 100) / 100;
  if (!Number.isFinite(value)) return { ok: false, reason: 'unreadable' };
  if (value === 0) return { ok: false, reason: 'zero' };
  return { ok: true, value };
}
