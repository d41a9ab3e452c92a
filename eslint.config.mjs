import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // redacts them (core/secrets/redact.ts).
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^show(Error|Warning|Information)Message$/]',
          message: 'show notifications with showError/showWarning/showInfo from src/extension/notify.ts (redacted).',
        },
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
