/**
 * Which browser this is, from the user agent (webrtc-adapter's rule, without
 * shipping the adapter): for logs and support, never for feature checks.
 */
export interface BrowserDetails {
  browser: 'chrome' | 'firefox' | 'safari' | null;
  version: number | null;
}

export function browserDetails(userAgent?: string): BrowserDetails {
  const ua = userAgent ?? (typeof navigator === 'undefined' ? '' : navigator.userAgent);
  const match = (pattern: RegExp) => {
    const found = pattern.exec(ua);
    return found ? Number(found[1]) : null;
  };
  const firefox = match(/Firefox\/(\d+)/);
  if (firefox !== null) return { browser: 'firefox', version: firefox };
  const chrome = match(/Chrom(?:e|ium)\/(\d+)/);
  if (chrome !== null) return { browser: 'chrome', version: chrome };
  const safari = match(/AppleWebKit\/(\d+)/);
  if (safari !== null && /Version\/\d/.test(ua)) return { browser: 'safari', version: safari };
  return { browser: null, version: null };
}
