#!/usr/bin/env node
/**
 * Writes the README's browser × feature table from the last e2e run.
 *
 *   node scripts/browser-matrix.mjs [report.json] [README.md]
 *
 * Reads Playwright's JSON report (default .cache/test-report/e2e.json, which
 * scripts/test.sh writes) and replaces what lies between
 * `<!-- browser-matrix:start -->` and `<!-- browser-matrix:end -->` in the
 * README, or appends a "## Browser support" section holding those markers.
 *
 * - Columns: one per Playwright project, headed by its `metadata.browser`
 *   and the version the tests saw.
 * - Rows: one per test title, the top-level specs' first. A test annotated `matrix: other browser` also
 *   fills the row named by that annotation in its project's
 *   `metadata.otherBrowser` column (the other end of a cross-browser test).
 * - Cells: ✅ passed, ❌ failed, ⏭ skipped (reason as a footnote), — not run
 *   in that browser; `matrix: note` annotations are appended (e.g. the codec).
 * - A project's `metadata.note` is printed under the table (e.g. why a
 *   browser runs only some specs).
 *
 * The output has no dates or durations, so the README changes only when the
 * results do. Annotation names: keep in step with e2e/helpers/matrix.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OTHER_BROWSER_FEATURE = 'matrix: other browser';
const MATRIX_NOTE = 'matrix: note';
const BROWSER_VERSION = 'matrix: browser version';
const START = '<!-- browser-matrix:start -->';
const END = '<!-- browser-matrix:end -->';

/** Worst outcome first: one failing run of a cell makes the cell fail. */
const RANK = { failed: 0, passed: 1, skipped: 2 };
const ICON = { failed: '❌', passed: '✅', skipped: '⏭' };

function outcomeOf(test) {
  if (test.status === 'skipped') return 'skipped';
  return test.status === 'expected' || test.status === 'flaky' ? 'passed' : 'failed';
}

/** Static and runtime annotations of a test, whichever the reporter version put where. */
function annotationsOf(test) {
  const all = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((r) => r.annotations ?? [])];
  const seen = new Set();
  return all.filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function* testsOf(suite, file = suite.file ?? '') {
  for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) yield { title: spec.title, file: spec.file ?? file, test };
  for (const child of suite.suites ?? []) yield* testsOf(child, child.file ?? file);
}

/** Specs at the top of e2e/ first (the SDK's own features), then each folder's, each in file order. */
function byFolderDepth(a, b) {
  const depth = (file) => file.split('/').length;
  return depth(a.file) - depth(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

const sentence = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const cellText = (text) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export function buildMatrix(report) {
  const projects = (report.config?.projects ?? []).map((p) => ({
    name: p.name,
    browser: p.metadata?.browser ?? p.name,
    otherBrowser: p.metadata?.otherBrowser,
    note: p.metadata?.note,
  }));
  const columns = [...new Set(projects.map((p) => p.browser))];
  const byName = new Map(projects.map((p) => [p.name, p]));
  const versions = new Map();
  const rows = [];
  const cells = new Map(); // `${row}\u0000${column}` → entries
  const reasons = [];

  const add = (row, column, entry) => {
    if (!rows.includes(row)) rows.push(row);
    const key = `${row}\u0000${column}`;
    cells.set(key, [...(cells.get(key) ?? []), entry]);
  };

  const tests = (report.suites ?? []).flatMap((suite) => [...testsOf(suite)]);
  // Array.prototype.sort is stable: tests of one file keep their order.
  for (const { title, test } of tests.sort(byFolderDepth)) {
    {
      const project = byName.get(test.projectName) ?? { browser: test.projectName, otherBrowser: undefined };
      const annotations = annotationsOf(test);
      const outcome = outcomeOf(test);
      const notes = annotations.filter((a) => a.type === MATRIX_NOTE).map((a) => a.description);
      const reason = annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
      for (const a of annotations) {
        if (a.type === BROWSER_VERSION && a.description && !versions.has(project.browser)) versions.set(project.browser, a.description);
      }
      const other = annotations.find((a) => a.type === OTHER_BROWSER_FEATURE);
      const withOther = other && project.otherBrowser ? [`with ${project.otherBrowser}`] : [];
      add(sentence(title), project.browser, { outcome, notes: [...notes, ...withOther], reason });
      if (other && project.otherBrowser) {
        add(sentence(other.description), project.otherBrowser, { outcome, notes: [...notes, `with ${project.browser}`], reason });
      }
    }
  }

  const footnote = (reason) => {
    if (!reasons.includes(reason)) reasons.push(reason);
    return reasons.indexOf(reason) + 1;
  };
  const render = (entries) => {
    if (!entries) return '—';
    // Skips are shown only where nothing ran: a pass from one pairing is not hidden by a skip of another.
    const ran = entries.filter((e) => e.outcome !== 'skipped');
    const shown = ran.length > 0 ? ran : entries;
    shown.sort((a, b) => RANK[a.outcome] - RANK[b.outcome]);
    const parts = [...new Set(shown.map((e) => {
      const notes = e.notes.length > 0 ? ` ${e.notes.join(', ')}` : '';
      const mark = e.outcome === 'skipped' ? ` skipped [${footnote(e.reason)}]` : '';
      return `${ICON[e.outcome]}${mark}${notes}`;
    }))];
    return cellText(parts.join('; '));
  };

  const header = columns.map((c) => (versions.has(c) ? `${c} ${versions.get(c)}` : c));
  const lines = [
    `| Feature (e2e test) | ${header.join(' | ')} |`,
    `|---|${columns.map(() => ':-:').join('|')}|`,
    ...rows.map((row) => `| ${cellText(row)} | ${columns.map((c) => render(cells.get(`${row}\u0000${c}`))).join(' | ')} |`),
  ];
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  return [
    '<!-- Generated by scripts/browser-matrix.mjs from the last `npm test` e2e report; do not edit by hand. -->',
    '',
    ...lines,
    '',
    `✅ passed · ❌ failed · ⏭ skipped · — not run in that browser. ` +
      `Last run: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped.`,
    ...projects.filter((p) => p.note).map((p) => `\n${p.browser}: ${cellText(p.note)}`),
    ...(reasons.length > 0 ? ['', 'Skipped because:', '', ...reasons.map((r, i) => `${i + 1}. ${cellText(r)}`)] : []),
  ].join('\n');
}

/** The README with `block` between the markers (appended in a new section when they are missing). */
export function withMatrix(readme, block) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start !== -1 && end !== -1) {
    return `${readme.slice(0, start + START.length)}\n${block}\n${readme.slice(end)}`;
  }
  const section = `## Browser support\n\n${START}\n${block}\n${END}\n`;
  return `${readme.replace(/\s*$/, '')}\n\n${section}`;
}

function main() {
  const reportPath = resolve(process.argv[2] ?? '.cache/test-report/e2e.json');
  const readmePath = resolve(process.argv[3] ?? 'README.md');
  if (!existsSync(reportPath)) {
    console.error(`browser-matrix: no e2e report at ${reportPath}; README left as it is`);
    process.exit(1);
  }
  const block = buildMatrix(JSON.parse(readFileSync(reportPath, 'utf8')));
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const updated = withMatrix(readme, block);
  if (updated !== readme) writeFileSync(readmePath, updated);
  console.log(`browser-matrix: ${updated === readme ? 'unchanged' : 'updated'} ${readmePath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
