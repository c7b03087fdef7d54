/**
 * Ant Media's sample pages put received data-channel text into the page as
 * HTML. Its SDK escapes `<` and `>` only in text that contains "script",
 * which lets `<img src=x onerror=…>` through; the facade escapes them in all
 * text: the same result for every message Ant Media escapes, and harmless
 * when a page escapes again (`&` is left alone).
 */
export function sanitizeHtml(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
