// Localizable as VS Code extensions are: every text package.json shows people (command titles and categories,
// settings' descriptions, views' names, welcome contents, the extension's own name and description) is a
// `%key%` placeholder that package.nls.json fills, so a translation is one more package.nls.<locale>.json. A new
// command or setting written with plain text fails here, naming the field and how to fix it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Fields whose text VS Code shows (as documented for contribution points), wherever they occur. */
const SHOWN = new Set([
  'title',
  'shortTitle',
  'category',
  'description',
  'markdownDescription',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'contextualTitle',
  'contents',
]);
const PLACEHOLDER = /^%([^%]+)%$/;

/** Every shown text: [where, value]. `name` is shown only for views; elsewhere it is an identifier. */
function shownTexts(value: unknown, where: string, key: string, inViews: boolean): [string, unknown][] {
  if (Array.isArray(value)) {
    if (SHOWN.has(key)) return value.map((v, i) => [`${where}[${i}]`, v]);
    return value.flatMap((v, i) => shownTexts(v, `${where}[${i}]`, key, inViews));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => shownTexts(v, `${where}.${k}`, k, inViews || k === 'views'));
  }
  return typeof value === 'string' && (SHOWN.has(key) || (inViews && key === 'name')) ? [[where, value]] : [];
}

const texts: [string, unknown][] = [
  ['displayName', manifest.displayName],
  ['description', manifest.description],
  ...shownTexts(manifest.contributes, 'contributes', 'contributes', false),
  ...shownTexts(manifest.capabilities, 'capabilities', 'capabilities', false),
];

test('every text package.json shows is a %key% of package.nls.json', () => {
  assert.ok(texts.length > 100, `found the manifest's texts (${texts.length})`);
  const plain = texts.filter(([, v]) => typeof v !== 'string' || !PLACEHOLDER.test(v));
  assert.deepEqual(
    plain.map(([where, v]) => `${where} = ${JSON.stringify(v)}`),
    [],
    'put the text in package.nls.json under a key and write "%key%" in package.json',
  );
  const missing = texts
    .map(([where, v]) => [where, PLACEHOLDER.exec(String(v))?.[1]] as const)
    .filter(([, key]) => key !== undefined && !(key in nls));
  assert.deepEqual(missing, [], 'every %key% has its text in package.nls.json');
});

test('package.nls.json holds no text nothing uses', () => {
  const used = new Set(texts.map(([, v]) => PLACEHOLDER.exec(String(v))?.[1]));
  assert.deepEqual(
    Object.keys(nls).filter((k) => !used.has(k)),
    [],
  );
});
