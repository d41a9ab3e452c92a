// What the runner tells people when it refuses to run (kept free of `vscode` so the e2e suite asserts the same text).

export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted, so MLOps will not run pipeline commands (they execute code from this folder). Diagnostics and status still work. To run stages, trust the folder: “Workspaces: Manage Workspace Trust”.';

export const UNTRUSTED_GIT_MESSAGE =
  'This workspace is not trusted, so MLOps will not run git in it (its hooks and configuration come from this folder). Browsing runs and models still works. To register, promote or check out, trust the folder: “Workspaces: Manage Workspace Trust”.';
