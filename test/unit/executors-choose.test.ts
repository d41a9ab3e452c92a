// The one decision of which executor a run uses, for the CLI and the extension alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseExecutor } from '../../src/core/executors/choose';

const mlflow = { uri: 'http://127.0.0.1:5000', auth: { kind: 'none' as const } };

test('local is the default and needs nothing', () => {
  assert.deepEqual(chooseExecutor({ executor: 'local' }, undefined), { ok: true, kind: 'local' });
});

test('an unknown executor, a missing address, a local store and a user/password login are refused with the fix', () => {
  const refused = (r: ReturnType<typeof chooseExecutor>): string => {
    assert.equal(r.ok, false);
    return (r as { message: string }).message;
  };
  assert.match(refused(chooseExecutor({ executor: 'slurm' }, mlflow)), /local or ray, not 'slurm'/);
  assert.match(refused(chooseExecutor({ executor: 'ray' }, mlflow)), /needs the address of its dashboard/);
  assert.match(
    refused(chooseExecutor({ executor: 'ray', rayAddress: 'http://h:8265' }, undefined)),
    /reports into MLflow/,
  );
  const basic = { uri: mlflow.uri, auth: { kind: 'basic' as const, username: 'u', password: 'hunter2' } };
  const msg = refused(chooseExecutor({ executor: 'ray', rayAddress: 'http://h:8265' }, basic));
  assert.match(msg, /use a token/);
  assert.doesNotMatch(msg, /hunter2/);
  assert.match(
    refused(chooseExecutor({ executor: 'ray', rayAddress: 'http://h:8265', rayData: 'data/' }, mlflow)),
    /absolute folder/,
  );
  const withPassword = refused(chooseExecutor({ executor: 'ray', rayAddress: 'http://u:s3cret@h:8265' }, mlflow));
  assert.match(withPassword, /carries credentials/);
  assert.doesNotMatch(withPassword, /s3cret/);
});

test('ray with an address and an MLflow backend gives an executor for that origin', () => {
  const r = chooseExecutor({ executor: 'ray', rayAddress: 'http://head.example:8265/', rayData: 'dvc-remote' }, mlflow);
  assert.ok(r.ok && r.kind === 'ray');
  assert.equal(r.address, 'http://head.example:8265');
  assert.equal(typeof r.executor, 'function');
});
