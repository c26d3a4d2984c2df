// Whether a URL names this machine: what the unauthenticated Teams mode answers and where a
// test issuer of Bot Framework tokens may live.

/** True for http(s) URLs on this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    host = parsed.hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
