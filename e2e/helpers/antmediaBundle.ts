/**
 * A browser build of the official, unmodified Ant Media JS SDK
 * (`@antmedia/webrtc_adaptor`, pinned in package.json), for the specs under
 * e2e/antmedia/ that check our server against it.
 *
 * The package ships ES modules only, and its entry point (`dist/es/index.js`)
 * also imports `video-effect.js`, which registers a VideoEffect plugin on
 * every adaptor and wants MediaPipe's model files from a CDN (there is no
 * internet in the test namespace). So the bundle starts from the modules we
 * use, `dist/es/webrtc_adaptor.js` and `dist/es/fetch.stream.js`, which
 * import neither MediaPipe nor `url`: the adaptor code itself runs exactly as
 * published.
 *
 * Output: one IIFE that sets `window.AntMedia = { WebRTCAdaptor,
 * getUrlParameter, version }` (the SDK's own `window.log` comes
 * with it). It is built with esbuild in memory, once per worker, and also
 * written to .cache/antmedia/ (git-ignored) so a failing run can be looked at
 * by hand. `npx tsx e2e/helpers/antmediaBundle.ts` writes it and prints the path.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

// Playwright and tsx load this file as CommonJS (package.json has no "type": "module").
const ROOT = resolve(__dirname, '../..');
const PACKAGE = '@antmedia/webrtc_adaptor';
export const ANTMEDIA_BUNDLE_FILE = join(ROOT, '.cache/antmedia/webrtc_adaptor.iife.js');

export interface AntMediaBundle {
  /** The package version the bundle was built from (its package.json). */
  version: string;
  /** The IIFE source. */
  code: string;
  /** Where a copy was written. */
  file: string;
}

let built: AntMediaBundle | undefined;

/** Builds the bundle (once per process) and returns it. */
export function antMediaBundle(): AntMediaBundle {
  if (built) return built;
  const require = createRequire(join(ROOT, 'package.json'));
  const packageDir = dirname(require.resolve(`${PACKAGE}/package.json`));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const es = join(packageDir, 'dist/es');

  // Only the adaptor and its helpers; not index.js, whose video-effect import pulls MediaPipe.
  const entry = [
    `export { WebRTCAdaptor } from ${JSON.stringify(join(es, 'webrtc_adaptor.js'))};`,
    `export { getUrlParameter } from ${JSON.stringify(join(es, 'fetch.stream.js'))};`,
    `export const version = ${JSON.stringify(version)};`,
  ].join('\n');

  const result = buildSync({
    stdin: { contents: entry, resolveDir: es, sourcefile: 'antmedia-entry.js', loader: 'js' },
    bundle: true,
    format: 'iife',
    globalName: 'AntMedia',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    sourcemap: 'inline',
  });
  const code = result.outputFiles[0]!.text;
  if (/selfie_segmentation|cdn\.jsdelivr/.test(code)) {
    throw new Error(`${PACKAGE} bundle pulled in MediaPipe: the module graph of ${version} changed, update antmediaBundle.ts`);
  }

  // Atomic write: two workers may build at once.
  mkdirSync(dirname(ANTMEDIA_BUNDLE_FILE), { recursive: true });
  const tmp = `${ANTMEDIA_BUNDLE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, ANTMEDIA_BUNDLE_FILE);

  built = { version, code, file: ANTMEDIA_BUNDLE_FILE };
  return built;
}

if (require.main === module) {
  const { file, version, code } = antMediaBundle();
  console.log(`${PACKAGE}@${version}: ${file} (${code.length} bytes)`);
}
