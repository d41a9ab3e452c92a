import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Selectors of text a person reads written as plain source text instead of through l10n.t: a string literal with a
 * word in it (a lone codicon such as '$(sync~spin)' is not text), a template or `+` holding one, given to what VS
 * Code shows (quick pick, input box, status bar item, tree item, CodeLens and progress titles, webview panel titles).
 */
function unlocalizedText() {
  const keys = '/^(title|placeHolder|placeholder|prompt|tooltip|label|description|detail|text|message)$/';
  const word = '[value=/^(?!\\$\\([\\w~-]+\\)$)[\\s\\S]*[A-Za-z]{2}/]';
  const text = `:matches(Literal${word}, TemplateLiteral:has(TemplateElement[value.raw=/[A-Za-z]{2}/]), BinaryExpression[operator='+']:has(Literal${word}))`;
  const message =
    'text people read goes through vscode.l10n.t (or @vscode/l10n t in vscode-free files), with {0} placeholders: docs/ARCHITECTURE.md, Localization.';
  return [
    `Property[key.name=${keys}] > ${text}.value`,
    `Property[key.name=${keys}] > ConditionalExpression.value > ${text}`,
    `AssignmentExpression[left.property.name=${keys}] > ${text}.right`,
    `AssignmentExpression[left.property.name=${keys}] > ConditionalExpression.right > ${text}`,
    `NewExpression[callee.property.name=/^(TreeItem|TreeItem2)$/] > ${text}.arguments`,
    `CallExpression[callee.property.name=/^(showQuickPick|showInputBox)$/] > ArrayExpression > ${text}`,
    `CallExpression[callee.property.name='createWebviewPanel'] > ${text}:nth-child(2)`,
    `Property[key.name='validateInput'] ReturnStatement > ${text}.argument`,
    `Property[key.name='validateInput'] ArrowFunctionExpression > ConditionalExpression > ${text}`,
  ].map((selector) => ({ selector, message }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Node scripts (build, test runners): Node's globals.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  // The layering of docs/ARCHITECTURE.md, enforced. Relative imports only (the tree uses no path aliases), so a
  // folder is matched by the `../` prefix that reaches it from the importing file.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure: never import vscode.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(cli|server|extension|webview)(/|$)',
              message: 'src/core imports nothing above it: move the shared code into core, or pass it in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/tracking/**/*.ts', 'src/core/registry/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure: never import vscode.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(cli|server|extension|webview)(/|$)',
              message: 'src/core imports nothing above it: move the shared code into core, or pass it in.',
            },
            {
              regex: '^(\\.\\./)+runner(/|$)',
              message:
                'tracking and registry do not depend on the runner (the runner records into tracking): move the helper to src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser code: takes types from core (the contract's shapes), never code, which would pull Node into the bundle.
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'webviews run in a browser: talk to the host through contract.ts.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+core(/|$)',
              allowTypeImports: true,
              message: 'webviews take only types from src/core (import type): its code runs in the extension host.',
            },
            {
              regex: '^(\\.\\./)+(cli|server|extension)(/|$)',
              message: 'webviews talk to the extension only through src/webview/contract.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // The three adapters stand side by side over core; none reaches into another (the extension and the panels
    // share only the message contracts: src/webview/contract.ts and experiments-contract.ts).
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'the CLI runs without VS Code.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(server|extension|webview)(/|$)',
              message: 'the CLI is an adapter over src/core only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'the language server talks LSP, not the VS Code API.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(cli|extension|webview)(/|$)',
              message: 'the language server is an adapter over src/core only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Notifications echo errors, and errors echo URLs with credentials: shown only through notify.ts, which
    // redacts them (core/secrets/redact.ts). Text people read goes through vscode.l10n.t (or @vscode/l10n's t in
    // the vscode-free files): notify.ts's types take only its `Localized` result (src/extension/localized.ts), and
    // where VS Code's types take any string, a literal, a template or a concatenation of text is refused here.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^show(Error|Warning|Information)Message$/]',
          message: 'show notifications with showError/showWarning/showInfo from src/extension/notify.ts (redacted).',
        },
        ...unlocalizedText(),
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(cli|server)(/|$)',
              message: 'the extension starts the server and CLI as processes; share code through src/core.',
            },
            {
              regex: '^(\\.\\./)+webview/(?!(contract(-guards)?|experiments-contract)$)',
              message:
                'the extension shares only the message contracts (src/webview/contract.ts and its guards, experiments-contract.ts) with the panels.',
            },
          ],
        },
      ],
    },
  },
);
