#!/usr/bin/env node
// Where the UMD's bytes go: `node scripts/bundle-breakdown.mjs [--json]`.
//
// Bundles sdk/src/index.ts the way the UMD is built (browser, ES2018,
// minified) with esbuild's metafile, which says how many minified bytes each
// source file contributes; the gzipped total is shared out in proportion (a
// file's own gzip would ignore what it shares with the rest). Areas are the
// SDK's folders, plus the top-level classes. Also prints what the ES2018
// floor costs (the same bundle at ES2020) and how much is string literals.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const gzip = (text) => gzipSync(text, { level: 9 }).byteLength;

async function bundle(target) {
  const result = await build({
    entryPoints: ['sdk/src/index.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'RelayRTC',
    platform: 'browser',
    target,
    write: false,
    metafile: true,
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { code: result.outputFiles[0].text, inputs: output.inputs };
}

function areaOf(file) {
  const inSdk = /^sdk\/src\/(.+)$/.exec(file);
  if (!inSdk) return `dependency: ${file.replace(/^node_modules\//, '').split('/')[0]}`;
  const parts = inSdk[1].split('/');
  return parts.length > 1 ? parts[0] : `${parts[0].replace(/\.ts$/, '')} (class)`;
}

const { code, inputs } = await bundle('es2018');
const es2020 = await bundle('es2020');
const raw = code.length;
const gzipped = gzip(code);
const areas = new Map();
for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
  const area = areaOf(file);
  areas.set(area, (areas.get(area) ?? 0) + bytesInOutput);
}
const rows = [...areas].sort((a, b) => b[1] - a[1]).map(([area, bytes]) => ({ area, minified: bytes, gzipShare: Math.round((bytes / raw) * gzipped) }));
const strings = (code.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? []).reduce((sum, s) => sum + s.length, 0);
const report = {
  minifiedBytes: raw,
  gzipBytes: gzipped,
  es2020GzipBytes: gzip(es2020.code),
  stringLiteralBytes: strings,
  areas: rows,
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`minified ${raw} B, gzip -9 ${gzipped} B (the same at ES2020: ${report.es2020GzipBytes} B); string literals ${strings} B of the minified code`);
  for (const row of rows) console.log(`${String(row.gzipShare).padStart(6)} B gz  ${String(row.minified).padStart(6)} B min  ${row.area}`);
}
