// Tokens per server origin and the one-time confirmation of a workspace's own server (core/secrets/origins.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originToConfirm, serverOrigin, tokenKey } from '../../src/core/secrets/origins';

test('an origin is scheme, host and port: paths, users and default ports do not make a new one', () => {
  assert.equal(serverOrigin('https://mlflow.corp:443/api/'), 'https://mlflow.corp');
  assert.equal(serverOrigin(' http://alice:pw@127.0.0.1:5000/x '), 'http://127.0.0.1:5000');
  assert.notEqual(serverOrigin('http://mlflow.corp'), serverOrigin('https://mlflow.corp'));
  assert.notEqual(serverOrigin('http://mlflow.corp'), serverOrigin('http://mlflow.corp.evil.example'));
  assert.equal(serverOrigin('file:///tmp/store'), undefined);
  assert.equal(serverOrigin('.mlops'), undefined);
});

test('a token is looked up under its own origin only', () => {
  const ours = tokenKey('mlflow', serverOrigin('https://mlflow.corp/')!);
  const theirs = tokenKey('mlflow', serverOrigin('https://mlflow.corp.evil.example/')!);
  assert.notEqual(ours, theirs);
  assert.notEqual(tokenKey('mlflow', 'https://a'), tokenKey('ray', 'https://a'));
});

test('a workspace URI other than the user one is confirmed once per origin', () => {
  const user = 'https://mlflow.corp';
  assert.equal(originToConfirm({ user, workspace: 'https://evil.example/' }, []), 'https://evil.example');
  assert.equal(originToConfirm({ user, workspace: 'https://evil.example/' }, ['https://evil.example']), undefined);
  assert.equal(originToConfirm({ user, workspace: 'https://mlflow.corp/other/path' }, []), undefined);
  assert.equal(originToConfirm({ workspace: 'http://127.0.0.1:5000' }, []), 'http://127.0.0.1:5000');
  // A local store in the workspace contacts no server.
  assert.equal(originToConfirm({ user, workspace: '.mlops-runs' }, []), undefined);
  assert.equal(originToConfirm({ user }, []), undefined);
});
