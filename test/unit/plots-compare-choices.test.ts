// What "Compare with…" offers from the model registry: only promoted versions (a stage, or an MLflow alias) whose
// commit is known, labelled with what they hold; and the host's check of what a panel sends back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelChoices, offeredChoice } from '../../src/core/plots/compare-choices';
import type { ModelVersionInfo } from '../../src/core/registry/types';

function version(v: Partial<ModelVersionInfo> & { version: string }): ModelVersionInfo {
  return { label: null, stages: [], aliases: [], runId: null, commit: null, path: null, md5: null, createdAt: 0, ...v };
}

test('model versions: promoted ones with a commit, labelled with their stages and aliases', () => {
  const choices = modelChoices([
    {
      name: 'gto-model',
      versions: [
        version({ version: 'v1.1.0', label: 'v1.1.0', stages: ['staging'], commit: 'c2' }),
        version({ version: 'v1.0.0', label: 'v1.0.0', stages: ['prod'], commit: 'c1' }),
        version({ version: 'v0.9.0', label: 'v0.9.0', commit: 'c0' }),
      ],
    },
    {
      name: 'mlflow-model',
      versions: [
        // MLflow: an alias, and a version registered by another tool (no label of ours): its number.
        version({ version: '3', label: null, aliases: ['champion'], commit: 'c5' }),
        version({ version: '2', label: 'v1.0.1', aliases: ['prod'], stages: ['Production'], commit: 'c4' }),
        // Promoted, but no commit recorded anywhere (neither our tag nor its run's git tag): nothing to read.
        version({ version: '1', label: 'v1.0.0', aliases: ['old'], commit: null }),
      ],
    },
  ]);
  assert.deepEqual(choices, [
    { kind: 'model', label: 'gto-model v1.1.0 (staging)', revision: 'c2' },
    { kind: 'model', label: 'gto-model v1.0.0 (prod)', revision: 'c1' },
    { kind: 'model', label: 'mlflow-model version 3 (champion)', revision: 'c5' },
    { kind: 'model', label: 'mlflow-model v1.0.1 (Production, prod)', revision: 'c4' },
  ]);
});

test('what a panel sends back: none, an offered choice, or refused', () => {
  const offered = [
    { kind: 'head' as const, label: 'HEAD', revision: 'HEAD' },
    { kind: 'model' as const, label: 'm v1 (prod)', revision: 'abc' },
  ];
  assert.equal(offeredChoice(offered, null), null);
  assert.deepEqual(offeredChoice(offered, 'm v1 (prod)'), offered[1]);
  // A name never offered — a branch created since, or anything a compromised page makes up — is not read.
  assert.equal(offeredChoice(offered, '--output=/tmp/x'), undefined);
  assert.equal(offeredChoice(offered, 'abc'), undefined, 'a choice is asked for by its label, not its commit');
});
