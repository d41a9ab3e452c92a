// What the runner tells people when it refuses to run (kept free of `vscode` so the e2e suite asserts the same text;
// translated by @vscode/l10n, which activate() points at the editor's bundle: functions, so they read it after).
import * as l10n from '@vscode/l10n';
import type { Localized } from '../localized';

export const untrustedMessage = (): Localized =>
  l10n.t(
    'This workspace is not trusted, so MLOps will not run pipeline commands (they execute code from this folder). Diagnostics and status still work. To run stages, trust the folder: “Workspaces: Manage Workspace Trust”.',
  );

export const untrustedGitMessage = (): Localized =>
  l10n.t(
    'This workspace is not trusted, so MLOps will not run git in it (its hooks and configuration come from this folder). Browsing runs and models still works. To register, promote or check out, trust the folder: “Workspaces: Manage Workspace Trust”.',
  );
