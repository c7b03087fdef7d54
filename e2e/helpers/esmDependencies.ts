/**
 * The ESM build (sdk/dist/relayrtc.mjs) keeps its dependencies as bare
 * imports (`import adapter from 'webrtc-adapter'`), as a bundler expects.
 * A browser loading it directly needs an import map for them: this builds
 * each one as a single browser-ESM module (esbuild, from node_modules), for
 * helpers/sdkInPage.ts to map to blob: URLs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ESM_BUILD = 'sdk/dist/relayrtc.mjs';

/** Bare specifiers of the static imports and re-exports in an ES module's source. */
export function bareImports(source: string): string[] {
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const sideEffectOnly = [...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return [...new Set([...specifiers, ...sideEffectOnly])].filter((s) => !/^(\.|\/|[a-z][a-z0-9+.-]*:)/i.test(s));
}

async function bundle(specifier: string, rootDir: string, withDefault: boolean): Promise<string> {
  const contents = `export * from '${specifier}';` + (withDefault ? ` export { default } from '${specifier}';` : '');
  const result = await build({
    stdin: { contents, resolveDir: rootDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2018',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

let cached: Promise<Record<string, string>> | undefined;

/** specifier → module source, for every bare import of the ESM build. */
export function esmDependencies(rootDir: string): Promise<Record<string, string>> {
  cached ??= (async () => {
    const modules: Record<string, string> = {};
    for (const specifier of bareImports(readFileSync(join(rootDir, ESM_BUILD), 'utf8'))) {
      // A CommonJS package or one with a default export needs `default`; an ESM one without it fails that way.
      modules[specifier] = await bundle(specifier, rootDir, true).catch(() => bundle(specifier, rootDir, false));
    }
    return modules;
  })();
  return cached;
}
