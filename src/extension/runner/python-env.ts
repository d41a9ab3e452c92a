// The interpreter the Python extension has selected, when it is installed: its bin folder goes first on
// PATH for stage commands (the runner falls back to the workspace's .venv/venv on its own).
import * as path from 'node:path';
import * as vscode from 'vscode';

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

export async function selectedPythonBin(folder: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const active = api.environments?.getActiveEnvironmentPath(folder);
    if (!active) return undefined;
    const resolved = await api.environments?.resolveEnvironment(active);
    const exe = resolved?.executable?.uri?.fsPath;
    return exe ? path.dirname(exe) : undefined;
  } catch {
    return undefined;
  }
}
