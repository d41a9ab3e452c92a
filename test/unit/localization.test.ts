// Every message the extension shows is translatable (docs/ARCHITECTURE.md, Localization). Three checks: the English
// bundle translators start from (l10n/bundle.l10n.json) is what @vscode/l10n-dev extracts from the sources today;
// the lint rule refuses plain text where VS Code's own types take any string; and notify.ts's types refuse a plain
// string (the @ts-expect-error lines below fail `npm run typecheck` the day they stop being errors).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { ESLint } from 'eslint';
import type { showInfo, showWarning } from '../../src/extension/notify';

const ROOT = path.resolve(__dirname, '../..');
const EXTENSION = path.join(ROOT, 'src/extension');

test('l10n/bundle.l10n.json holds exactly the messages the sources translate (else: npm run l10n)', async () => {
  const files = readdirSync(EXTENSION, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ extension: '.ts', contents: readFileSync(path.join(EXTENSION, f), 'utf8') }));
  const extracted = await getL10nJson(files);
  const committed = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as unknown;
  assert.deepEqual(committed, extracted);
  // The folders the first pass left out translate too: one message from each, as a witness.
  for (const message of [
    'Open a folder that holds a dvc.yaml to see its pipeline graph.', // panels/
    '$(play) Run', // runner/ (vscode-free, through @vscode/l10n)
    'Load more runs…', // sidebar/
    'The queue is already running.', // experiments/
  ])
    assert.ok(message in extracted, message);
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { l10n?: string };
  assert.equal(manifest.l10n, './l10n');
});

test('lint refuses plain text given to what VS Code shows, and lets translated text and data through', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (code: string): Promise<number> => {
    const [result] = await eslint.lintText(`import * as vscode from 'vscode';\n${code}\n`, {
      filePath: path.join(EXTENSION, 'runner/lint-probe.ts'),
    });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
  };
  const refused = [
    `void vscode.window.showQuickPick(['a'], { placeHolder: 'Pick a stage' });`,
    `void vscode.window.showQuickPick(['a'], { title: \`Run \${String(1)}\` });`,
    `const box = vscode.window.createInputBox(); box.prompt = 'Type a name';`,
    `const item = vscode.window.createStatusBarItem(); item.text = 'Running ' + String(2);`,
    `const item = vscode.window.createStatusBarItem(); item.tooltip = 1 > 0 ? 'Stop it' : 'x';`,
    `const node = new vscode.TreeItem('Load more');`,
    `const node = new vscode.TreeItem('x'); node.tooltip = \`Stage \${node.id} changed\`;`,
    `vscode.window.createWebviewPanel('mlops.x', 'Pipeline Graph', vscode.ViewColumn.Active);`,
    `void vscode.window.showInputBox({ validateInput: (v) => (v ? undefined : 'A name is needed') });`,
  ];
  for (const code of refused) assert.equal(await lint(code), 1, code);
  const allowed = [
    `void vscode.window.showQuickPick(['a'], { placeHolder: vscode.l10n.t('Pick a stage') });`,
    `const item = vscode.window.createStatusBarItem(); item.text = '$(sync~spin)';`,
    `const name = 'train'; const node = new vscode.TreeItem(name); node.tooltip = \`\${name} — \${node.id}\`;`,
    `vscode.window.createWebviewPanel('mlops.dagPanel', vscode.l10n.t('Pipeline Graph'), vscode.ViewColumn.Active);`,
  ];
  for (const code of allowed) assert.equal(await lint(code), 0, code);
});

// Type-level: never called, checked by `npm run typecheck`.
export function notificationsTakeOnlyTranslatedText(info: typeof showInfo, warn: typeof showWarning): void {
  // @ts-expect-error a plain string is not Localized
  void info('Run finished.');
  // @ts-expect-error a button label is text too
  void warn(null as unknown as Parameters<typeof warn>[0], 'Stop Run');
}
