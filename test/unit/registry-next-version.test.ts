// nextVersion: the version Retrain → Promote and the Models view's "Register" propose, counted from each version's
// label (what it was registered as) — on MLflow the version is the server's number, which must not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextVersion } from '../../src/core/registry/promote-run';
import type { ModelVersionInfo } from '../../src/core/registry/types';

const v = (version: string, label: string | null): ModelVersionInfo => ({
  version,
  label,
  stages: [],
  aliases: [],
  runId: null,
  commit: null,
  path: null,
  md5: null,
  createdAt: 0,
});

test('a new model starts at v1.0.0', () => {
  assert.equal(nextVersion([]), 'v1.0.0');
});

test('MLflow: the label counts, not the server number', () => {
  assert.equal(nextVersion([v('1', 'v1.0.0')]), 'v1.0.1');
  assert.equal(nextVersion([v('3', 'v1.0.2'), v('2', 'v1.0.1'), v('1', 'v1.0.0')]), 'v1.0.3');
});

test('the highest semantic label, whatever the listing order; labels without v and versions of other tools', () => {
  assert.equal(nextVersion([v('1', 'v2.0.0'), v('2', '1.9.4'), v('3', null), v('4', 'champion')]), 'v2.0.1');
  assert.equal(nextVersion([v('1', '1.10.0'), v('2', 'v1.9.9')]), 'v1.10.1');
  assert.equal(nextVersion([v('7', null)]), 'v1.0.0');
});
