#!/usr/bin/env node
/**
 * The SDK's class members that the UMD build may rename (terser's
 * `mangle.properties`, rollup.config.mjs): derived with the TypeScript
 * compiler at build time, so a new private member is renamed and a public
 * one never is.
 *
 *   node scripts/private-member-names.mjs     prints them, one a line
 *
 * Terser renames a property name everywhere in the bundle, whatever object it
 * is on, so a name qualifies only when every use of it is provably one of our
 * classes' own: declared `private` or `protected` in the sources, and never
 * - a public class member, an interface or type-literal property, an object
 *   literal key or a destructured property (plain data and options objects);
 * - the whole text of a string literal (`obj['name']`, `'name' in obj`, event
 *   and command names);
 * - a property access the compiler cannot resolve to our private member
 *   (DOM and JS library properties, `any` values);
 * - any identifier in the wire protocol folder (message fields go out as
 *   JSON under their own names);
 * - a member of a class whose instances are enumerated (spread, for-in,
 *   Object.keys/values/entries/assign, JSON.stringify) or indexed with a
 *   computed key: those see the member under its name.
 *
 * Protected members count as private: only the SDK's own subclasses use them.
 * A page that subclasses an exported class (WebRTCAdaptor, RelayClient) and
 * calls its protected members works with the ESM and CJS builds, which rename
 * nothing, but not with the UMD.
 */
import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ENUMERATING_CALLS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Object.assign', 'Object.getOwnPropertyNames', 'JSON.stringify']);

/**
 * Sorted names of the private and protected members that no other use
 * exposes. `entry` is the bundle's entry (the program follows its imports),
 * `wireDir` the protocol folder, `sourceDir` what counts as our code.
 */
export function privateMemberNames({
  entry = join(REPO, 'sdk/src/index.ts'),
  wireDir = join(REPO, 'sdk/src/protocol'),
  sourceDir = join(REPO, 'sdk/src'),
  tsconfig = join(REPO, 'tsconfig.json'),
} = {}) {
  const program = ts.createProgram([entry, ...sourceFilesIn(wireDir)], compilerOptions(tsconfig));
  const checker = program.getTypeChecker();
  const isOurs = (file) => !file.isDeclarationFile && isInside(sourceDir, file.fileName);
  const isPrivateDeclaration = (declaration) => isOurs(declaration.getSourceFile()) && isPrivateMember(declaration);
  const privates = new Set();
  const exposed = new Set();

  const exposeMembersOf = (expression) => {
    const type = checker.getTypeAtLocation(expression);
    for (const part of type.isUnionOrIntersection() ? type.types : [type]) {
      for (const declaration of part.getSymbol()?.declarations ?? []) {
        if (!ts.isClassLike(declaration) || !isOurs(declaration.getSourceFile())) continue;
        for (const member of declaration.members) if (member.name) exposed.add(nameOf(member.name));
        for (const parameter of constructorOf(declaration)?.parameters ?? []) exposed.add(nameOf(parameter.name));
      }
    }
  };

  const visit = (node, inWire) => {
    if (inWire && ts.isIdentifier(node)) exposed.add(node.text);
    if (isClassMember(node) || ts.isParameterPropertyDeclaration(node, node.parent)) {
      const isPrivate = isPrivateMember(node) && ts.isIdentifier(node.name);
      (isPrivate ? privates : exposed).add(nameOf(node.name));
    } else if (ts.isPropertySignature(node) || ts.isMethodSignature(node) || isObjectLiteralKey(node)) {
      exposed.add(nameOf(node.name));
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      exposed.add(nameOf(node.propertyName ?? node.name));
    } else if (ts.isStringLiteralLike(node)) {
      exposed.add(node.text);
    } else if (ts.isPropertyAccessExpression(node)) {
      const declarations = checker.getSymbolAtLocation(node.name)?.declarations ?? [];
      if (declarations.length === 0 || !declarations.every(isPrivateDeclaration)) exposed.add(node.name.text);
    }
    if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node) || ts.isForInStatement(node)) exposeMembersOf(node.expression);
    if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression)) exposeMembersOf(node.expression);
    if (ts.isCallExpression(node) && ENUMERATING_CALLS.has(node.expression.getText())) node.arguments.forEach(exposeMembersOf);
    ts.forEachChild(node, (child) => visit(child, inWire));
  };

  for (const file of program.getSourceFiles()) {
    if (isOurs(file)) visit(file, isInside(wireDir, file.fileName));
  }
  return [...privates].filter((name) => !exposed.has(name)).sort();
}

/** A regular expression matching exactly `names` (for terser's `mangle.properties.regex`). */
export function matchingExactly(names) {
  return new RegExp(`^(?:${names.map((name) => name.replace(/[$]/g, '\\$&')).join('|')})$`);
}

function compilerOptions(tsconfig) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return { ...parsed.options, noEmit: true };
}

function sourceFilesIn(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
}

function isInside(dir, file) {
  const path = relative(dir, resolve(file));
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

function isClassMember(node) {
  return (
    node.parent !== undefined &&
    ts.isClassLike(node.parent) &&
    (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node))
  );
}

function isObjectLiteralKey(node) {
  return ts.isObjectLiteralElementLike(node) && !ts.isSpreadAssignment(node) && ts.isObjectLiteralExpression(node.parent);
}

function isPrivateMember(node) {
  const flags = ts.getCombinedModifierFlags(node);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

function constructorOf(classLike) {
  return classLike.members.find(ts.isConstructorDeclaration);
}

/** A member's name as a property: identifiers and literal keys; computed keys and #private names have none. */
function nameOf(name) {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : '';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(privateMemberNames().join('\n'));
}
