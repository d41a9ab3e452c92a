// Credentials never shown: core/secrets/redact.ts, the one function every edge (CLI streams, notifications, the
// output channel) passes text through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from '../../src/core/secrets/redact';

test('userinfo in URLs: the password (or a lone token) hidden, user and host kept', () => {
  assert.equal(
    redactSecrets('MLflow server at http://alice:hunter2@127.0.0.1:9 failed (http://alice:hunter2@127.0.0.1:9/api)'),
    'MLflow server at http://alice:***@127.0.0.1:9 failed (http://alice:***@127.0.0.1:9/api)',
  );
  assert.equal(redactSecrets('clone https://ghp_abc123@github.com/x.git'), 'clone https://***@github.com/x.git');
  assert.equal(redactSecrets('http://a:p@ss@host/x'), 'http://a:***@host/x');
});

test('Authorization headers, bearer tokens and secret query parameters hidden', () => {
  assert.equal(redactSecrets('Authorization: Bearer abc.def.ghi'), 'Authorization: Bearer ***');
  assert.equal(redactSecrets('{"authorization":"Basic YWxpY2U6aHVudGVyMg=="}'), '{"authorization":"Basic ***"}');
  assert.equal(redactSecrets('sent Bearer eyJhbGciOiJIUzI1NiJ9.payload'), 'sent Bearer ***');
  assert.equal(
    redactSecrets('GET http://h/x?access_token=sekrit&run=1&sig=abc'),
    'GET http://h/x?access_token=***&run=1&sig=***',
  );
  assert.equal(redactSecrets('env MLFLOW_TRACKING_TOKEN=xyz set'), 'env MLFLOW_TRACKING_TOKEN=*** set');
});

test('ordinary text is left alone', () => {
  for (const text of [
    'the server rejected the bearer token',
    'mail bob@example.com',
    'git@github.com:x/y.git',
    's3://bucket/key@v1',
    'stage train: params.yaml changed',
  ])
    assert.equal(redactSecrets(text), text);
});

test('hostile text stays linear: a megabyte of `@` and of userinfo is redacted in one pass', () => {
  const many = `http://${'a@'.repeat(500_000)}host/`;
  assert.equal(redactSecrets(many), 'http://***@host/');
  const noHost = `http://${'@'.repeat(1_000_000)}`;
  assert.ok(redactSecrets(noHost).length <= noHost.length);
});
