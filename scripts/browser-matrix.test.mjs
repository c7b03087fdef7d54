import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMatrix, withMatrix } from './browser-matrix.mjs';

const project = (name, browser, otherBrowser) => ({ name, metadata: { browser, otherBrowser } });
const result = (projectName, status, annotations = []) => ({ projectName, status, annotations, results: [{ annotations: [] }] });

const report = {
  config: {
    projects: [project('chromium', 'Chromium', 'Firefox'), project('firefox', 'Firefox', 'Chromium'), project('webkitgtk', 'WebKitGTK')],
  },
  stats: { expected: 3, unexpected: 1, flaky: 0, skipped: 1 },
  suites: [
    {
      specs: [
        {
          title: 'a viewer in another browser sees it',
          tests: [
            result('chromium', 'expected', [
              { type: 'matrix: other browser', description: 'a viewer here sees what another browser publishes' },
              { type: 'matrix: note', description: 'VP8' },
              { type: 'matrix: browser version', description: '156.0' },
            ]),
            result('firefox', 'unexpected', [{ type: 'matrix: other browser', description: 'a viewer here sees what another browser publishes' }]),
          ],
        },
      ],
      suites: [
        {
          specs: [
            {
              title: 'the SDK loads',
              tests: [result('chromium', 'expected'), result('webkitgtk', 'skipped', [{ type: 'skip', description: 'no X display' }])],
            },
          ],
        },
      ],
    },
  ],
};

test('rows are test titles; a cross-browser test also fills its other browser column', () => {
  const table = buildMatrix(report);
  assert.match(table, /\| Feature \(e2e test\) \| Chromium 156\.0 \| Firefox \| WebKitGTK \|/);
  assert.match(table, /\| A viewer in another browser sees it \| ✅ VP8, with Firefox \| ❌ with Chromium \| — \|/);
  assert.match(table, /\| A viewer here sees what another browser publishes \| ❌ with Firefox \| ✅ VP8, with Chromium \| — \|/);
  assert.match(table, /\| The SDK loads \| ✅ \| — \| ⏭ skipped \[1\] \|/);
  assert.match(table, /^1\. no X display$/m);
  assert.match(table, /Last run: 3 passed, 1 failed, 1 skipped\./);
});

test('the table replaces what lies between the markers, or goes into a new section at the end', () => {
  const marked = '# R\n\n<!-- browser-matrix:start -->\nold\n<!-- browser-matrix:end -->\n\n## After\n';
  assert.equal(withMatrix(marked, 'new'), '# R\n\n<!-- browser-matrix:start -->\nnew\n<!-- browser-matrix:end -->\n\n## After\n');
  assert.equal(
    withMatrix('# R\n\ntext\n\n', 'new'),
    '# R\n\ntext\n\n## Browser support\n\n<!-- browser-matrix:start -->\nnew\n<!-- browser-matrix:end -->\n',
  );
});
