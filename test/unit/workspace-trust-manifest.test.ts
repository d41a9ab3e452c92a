// Restricted Mode in package.json: the settings a cloned repository could use to make the editor contact a
// server or run a program are restricted, and every command that runs git, DVC, Python or a pipeline command is
// disabled until the folder is trusted (the handlers refuse in code too: src/extension/trust.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRUSTED_COMMANDS } from '../../src/extension/trusted-commands';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; enablement?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;

/** Settings that neither contact a server nor run a program: a workspace may set them freely. */
const HARMLESS_SETTINGS = ['mlops.diagnostics.severity', 'mlops.experiments.pinnedMetrics'];

test('every setting is either harmless or restricted in untrusted workspaces (mlops.tracking.uri among them)', () => {
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.ok(restricted.includes('mlops.tracking.uri'));
  for (const key of Object.keys(manifest.contributes.configuration.properties))
    assert.ok(
      HARMLESS_SETTINGS.includes(key) || restricted.includes(key),
      `${key}: add it to restrictedConfigurations, or to HARMLESS_SETTINGS if it can neither reach a server nor run anything`,
    );
});

test('every command that runs git, DVC, Python or a pipeline command is enabled only in a trusted workspace', () => {
  for (const id of TRUSTED_COMMANDS) {
    const command = manifest.contributes.commands.find((c) => c.command === id);
    assert.ok(command, `${id} is contributed`);
    assert.match(command.enablement ?? '', /\bisWorkspaceTrusted\b/, `${id} needs "enablement": "isWorkspaceTrusted"`);
  }
});
