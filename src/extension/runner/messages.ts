// What the runner tells people when it refuses to run (kept free of `vscode` so the e2e suite asserts the same text).

export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted, so MLOps will not run pipeline commands (they execute code from this folder). Diagnostics and status still work. To run stages, trust the folder: “Workspaces: Manage Workspace Trust”.';
