// Builds the relayrtc SDK from sdk/src/index.ts into sdk/dist:
//   relayrtc.mjs / relayrtc.cjs   ESM and CJS for bundlers and Node; dependencies stay external
//   relayrtc.umd.min.js           one <script> file, global `RelayRTC`, dependencies bundled in
//   relayrtc.d.ts / relayrtc.d.cts the public types in one file, for import and require
// Every JS output is ES2018 syntax (no class fields, `?.` or `??`): the SDK's
// browser floor (Chrome 74, Safari 12.1, iOS 12.1) must be able to parse it.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { readFileSync } from 'node:fs';
import dts from 'rollup-plugin-dts';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { minify as terser } from 'terser';
import { matchingExactly, privateMemberNames } from './scripts/private-member-names.mjs';

const input = 'sdk/src/index.ts';
const dist = 'sdk/dist';
const target = 'es2018';

const sdkPackage = JSON.parse(readFileSync(new URL('./sdk/package.json', import.meta.url), 'utf8'));
const dependencies = Object.keys(sdkPackage.dependencies ?? {});
const isDependency = (id) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

// Class fields become plain constructor assignments instead of one defineProperty
// helper per module: smaller output, and the SDK never relies on define semantics.
const transpile = () =>
  esbuild({ target, tsconfig: false, tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } } });

const banner = `/*! relayrtc ${sdkPackage.version} | ${sdkPackage.license} */`;

// A second minifier after esbuild's: terser's compressor (three passes, getters
// taken as side-effect free: the SDK defines none with effects) finds what
// esbuild's single pass leaves, about 4% of the gzipped UMD. It inlines no
// single-use function (reduce_funcs) and joins no statements with commas
// (sequences): a few more minified bytes, but fewer gzipped (about 0.4%
// together). ES2018 in and out, so the browser floor holds; the source map is
// chained through.
//
// It also shortens the SDK's private and protected member names (about 2.6%),
// those scripts/private-member-names.mjs proves are never a public member,
// data key, string, DOM property or wire field, derived from the sources at
// every build. Terser would otherwise keep any name its DOM list holds
// (`events`, `target`…); `builtins` lets it rename those too, which is safe
// because the derivation already excludes every name the SDK reads off a DOM
// or library object.
const terserPass = () => ({
  name: 'terser',
  async renderChunk(code) {
    const result = await terser(code, {
      ecma: 2018,
      compress: { ecma: 2018, passes: 3, pure_getters: true, reduce_funcs: false, sequences: false },
      mangle: { properties: { regex: matchingExactly(privateMemberNames()), builtins: true } },
      format: { comments: /^!/ },
      sourceMap: true,
    });
    return { code: result.code, map: result.map };
  },
});

export default [
  {
    input,
    external: isDependency,
    plugins: [transpile()],
    output: [
      { file: `${dist}/relayrtc.mjs`, format: 'es', sourcemap: true, banner },
      { file: `${dist}/relayrtc.cjs`, format: 'cjs', sourcemap: true, banner, exports: 'named' },
    ],
  },
  {
    input,
    plugins: [
      nodeResolve({ browser: true }),
      commonjs(),
      transpile(),
    ],
    // The same bundle twice: global `RelayRTC`, and global `webrtc_adaptor` as
    // Ant Media's dist/browser/webrtc_adaptor.js names it, so a page that loads
    // Ant Media's script and reads `webrtc_adaptor.WebRTCAdaptor` switches by
    // changing only its script's src.
    output: [
      { file: `${dist}/relayrtc.umd.min.js`, name: 'RelayRTC' },
      { file: `${dist}/webrtc_adaptor.min.js`, name: 'webrtc_adaptor' },
    ].map(({ file, name }) => ({
      file,
      format: 'umd',
      name,
      exports: 'named',
      sourcemap: true,
      banner,
      // Minifying the whole chunk also lowers the bundled dependencies to ES2018.
      plugins: [minify({ target, legalComments: 'none' }), terserPass()],
    })),
  },
  {
    input,
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
    // The same declarations for `import` (.d.ts) and `require` (.d.cts: TypeScript reads a .d.ts
    // of this "type": "module" package as ESM only), and the UMD's global for <script> users.
    output: ['d.ts', 'd.cts'].map((extension) => ({
      file: `${dist}/relayrtc.${extension}`,
      format: 'es',
      sourcemap: true,
      footer: 'export as namespace RelayRTC;',
    })),
  },
];
