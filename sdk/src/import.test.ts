/**
 * Importing the SDK does no work: no globals, no browser access, no timers;
 * so it is safe under server-side rendering (Node has no window, navigator or
 * RTCPeerConnection). Checked on the source and on the built CJS and ESM.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SDK = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `code` in a fresh Node process and returns what it prints as JSON. */
function inFreshNode(args: string[], code: string): { added: string[]; exports: string[]; handles: number } {
  const probe = `
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    Promise.resolve(${code}).then((sdk) => {
      const added = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k));
      const handles = process.getActiveResourcesInfo().filter((r) => /Timeout|Immediate|TCP|UDP/.test(r)).length;
      console.log(JSON.stringify({ added, exports: Object.keys(sdk).sort(), handles }));
    });`;
  return JSON.parse(execFileSync(process.execPath, [...args, '--input-type=module', '-e', probe], { cwd: SDK, encoding: 'utf8' }));
}

describe('importing the SDK', () => {
  it('from source: no globals, no timers or sockets, the public API is there', () => {
    const result = inFreshNode(['--import', 'tsx'], "import('./src/index.ts')");
    assert.deepEqual(result.added, []);
    assert.equal(result.handles, 0);
    for (const name of ['RelayClient', 'Publisher', 'Player', 'PeerCall', 'LocalMedia', 'WebRTCAdaptor', 'RelayError', 'backoffPolicy']) {
      assert.ok(result.exports.includes(name), name);
    }
  });

  for (const file of ['dist/relayrtc.mjs', 'dist/relayrtc.cjs']) {
    it(`built ${file}: no globals, no timers or sockets`, { skip: existsSync(join(SDK, file)) ? false : 'run npm run build' }, () => {
      const result = inFreshNode([], `import('./${file}')`);
      assert.deepEqual(result.added, []);
      assert.equal(result.handles, 0);
      assert.ok(result.exports.includes('WebRTCAdaptor'));
    });
  }
});
