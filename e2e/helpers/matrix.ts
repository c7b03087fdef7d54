/**
 * Annotations that scripts/browser-matrix.mjs reads from the JSON report to
 * build the README's browser × feature table (keep the strings in step with it).
 *
 * A row is a test's title. Its cell is in the column of the project's browser
 * (playwright.config.ts `metadata.browser`).
 */

/**
 * Static annotation: the test also proves this feature (the description, a
 * row title) for the project's other browser (`metadata.otherBrowser`), e.g.
 * the viewer side of a cross-browser test.
 */
export const OTHER_BROWSER_FEATURE = 'matrix: other browser';

/** Runtime annotation: a short note shown in the test's cells, e.g. the negotiated codec. */
export const MATRIX_NOTE = 'matrix: note';

/** Runtime annotation: the version of the browser the test ran in (set by the fixtures in helpers/test.ts). */
export const BROWSER_VERSION = 'matrix: browser version';
