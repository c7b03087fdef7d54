import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { matchingExactly, privateMemberNames } from './private-member-names.mjs';

describe('private-member-names on the SDK', () => {
  const names = privateMemberNames();

  test('public members and wire fields are never in the list', () => {
    for (const name of ['publish', 'play', 'stop', 'on', 'state', 'streamId', 'command', 'definition', 'callback', 'localMedia']) {
      assert.ok(!names.includes(name), `${name} is in the list`);
    }
  });

  test('private and protected members used nowhere else are', () => {
    for (const name of ['stateValue', 'pendingCandidates', 'reconnectLoop', 'preparePeer']) {
      assert.ok(names.includes(name), `${name} is missing from the list`);
    }
  });
});

describe('private-member-names, rule by rule', () => {
  // Widget's private members, each shared with one other use that must keep it out of the list.
  const exposedBy = {
    publicElsewhere: 'a public member of another class',
    shared: 'an interface property',
    keyed: 'an object-literal key',
    destructured: 'a destructured property',
    quoted: 'a string literal',
    hidden: 'a DOM property the code reads',
    sequence: 'an identifier in the wire protocol folder',
  };
  const root = mkdtempSync(join(tmpdir(), 'private-member-names-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'protocol'));
  writeFileSync(join(root, 'protocol/build.ts'), 'export function next(): number {\n  const sequence = 1;\n  return sequence;\n}\n');
  writeFileSync(
    join(root, 'index.ts'),
    `export interface Options { shared: number }
export class Widget {
  ${Object.keys(exposedBy).map((name) => `private ${name} = 1;`).join('\n  ')}
  private kept = 1;
  constructor(private readonly param: number) {}
  protected helper(): void {}
  run(page: Document, input: any): unknown[] {
    const { destructured } = input;
    return [this.kept, this.param, this.helper(), { keyed: 1 }, 'quoted', page.hidden, destructured];
  }
}
export class Other { publicElsewhere = 1; }
export class Enumerated {
  private counted = 1;
  keys(): string[] { return Object.keys(this); }
}
export class Spread {
  private spreadOut = 1;
  copy(): object { return { ...this }; }
}
export class Indexed {
  private looked = 1;
  // (this[key] is a type error, but the program is only read, not compiled)
  read(key: string): unknown { return this[key]; }
}
`,
  );
  const names = privateMemberNames({ entry: join(root, 'index.ts'), wireDir: join(root, 'protocol'), sourceDir: root });

  test('private and protected members used only as such are in the list (parameter properties too)', () => {
    assert.deepEqual(names, ['helper', 'kept', 'param']);
  });

  for (const [name, why] of Object.entries(exposedBy)) {
    test(`a private member that is also ${why} is not`, () => assert.ok(!names.includes(name)));
  }

  test('nor the members of a class whose instances are enumerated, spread or indexed with a computed key', () => {
    assert.ok(!names.includes('counted'));
    assert.ok(!names.includes('spreadOut'));
    assert.ok(!names.includes('looked'));
  });
});

test('matchingExactly matches whole names only, $ included', () => {
  const pattern = matchingExactly(['stateValue', 'a$b']);
  assert.ok(pattern.test('stateValue') && pattern.test('a$b'));
  assert.ok(!pattern.test('stateValueX') && !pattern.test('xstateValue') && !pattern.test('ab') && !pattern.test('a'));
});
