/** `{offset}/{size}` path segments, as Ant Media pages its lists (size at most 50). */
export const MAX_PAGE_SIZE = 50;

export type Page = { ok: true; offset: number; size: number } | { ok: false; message: string };

export function readPage(offset: string | undefined, size: string | undefined): Page {
  const o = Number(offset);
  const s = Number(size);
  if (!Number.isInteger(o) || o < 0) return { ok: false, message: `offset must be a non-negative integer, got '${offset}'` };
  if (!Number.isInteger(s) || s < 1) return { ok: false, message: `size must be a positive integer, got '${size}'` };
  return { ok: true, offset: o, size: Math.min(s, MAX_PAGE_SIZE) };
}

export function pageOf<T>(items: T[], page: { offset: number; size: number }): T[] {
  return items.slice(page.offset, page.offset + page.size);
}
