// What a file change means to the editor's workspace model: pipelines read again, status only, runs, model tags,
// experiments (refs/exps, HEAD, the queue's entries), both of the last two (packed refs), or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyChange } from '../../src/extension/workspace/change-kind';

test('each changed path is sorted into what it can change', () => {
  const cases: [string, ReturnType<typeof classifyChange>][] = [
    ['dvc.yaml', 'pipelines'],
    ['sub/dvc.yml', 'pipelines'],
    ['sub/dvc.lock', 'pipelines'],
    ['data/data.xml.dvc', 'pipelines'],
    ['params.yaml', 'pipelines'],
    ['conf/params.toml', 'pipelines'],
    ['data/train.csv', 'data'],
    ['src/train.py', 'data'],
    ['my-dvc.yaml.bak', 'data'],
    ['.mlops/index.jsonl', 'runs'],
    ['.mlops/runs/abc/log.jsonl', 'runs'],
    ['.mlops/cache/hashes.json', 'ignored'],
    ['.git/refs/tags/model@v1.0.0', 'models'],
    ['.git/packed-refs', 'refs'],
    ['.git/refs/exps/ab/cdef0123456789abcdef0123456789abcdef01/bold-fern', 'experiments'],
    ['.git/HEAD', 'experiments'],
    ['.mlops/queue/0123abcd.json', 'experiments'],
    ['.mlops/queue/0123abcd.log', 'ignored'],
    ['.dvc/tmp/exps/mlops-0123abcd/metrics.json', 'ignored'],
    ['.git/index', 'ignored'],
    ['.dvc/cache/files/md5/ab/cd', 'ignored'],
    ['.venv/lib/site.py', 'ignored'],
    ['pkg/node_modules/x/dvc.yaml', 'ignored'],
    ['../elsewhere/dvc.yaml', 'ignored'],
    ['sub\\dvc.yaml', 'pipelines'],
  ];
  for (const [rel, kind] of cases) assert.equal(classifyChange(rel), kind, rel);
});
