// What a member typed, made safe to store and show: control characters (C0 except tab and
// newline, DEL, C1) are removed, CR LF becomes LF, and a lone surrogate (half an emoji,
// not valid UTF-8) becomes U+FFFD. Emoji, right-to-left text and other scripts are kept.

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}
