// gitignore.ts: a cached output gets DVC's `/name` line in the .gitignore beside it, once; when the line is already
// there the file is left as it is (without asking git), and a line re-including files makes git decide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitIgnoreOutput } from '../../src/core/runner/gitignore';

test('an output is git-ignored by one line beside it, and only once', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-gitignore-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: root, timeout: 30_000 });
    mkdirSync(join(root, 'sub'));
    const out = join(root, 'sub', 'model.pkl');
    gitIgnoreOutput(out);
    gitIgnoreOutput(out);
    assert.equal(readFileSync(join(root, 'sub', '.gitignore'), 'utf8'), '/model.pkl\n');
    // Already ignored from above: nothing written beside it.
    writeFileSync(join(root, '.gitignore'), 'data.csv\n');
    gitIgnoreOutput(join(root, 'sub', 'data.csv'));
    assert.equal(readFileSync(join(root, 'sub', '.gitignore'), 'utf8'), '/model.pkl\n');
    // Re-included by a later line of the same file: git says it is not ignored, and the line is there: no second.
    writeFileSync(join(root, 'sub', '.gitignore'), '/model.pkl\n!/model.pkl\n');
    gitIgnoreOutput(out);
    assert.equal(readFileSync(join(root, 'sub', '.gitignore'), 'utf8'), '/model.pkl\n!/model.pkl\n');
    // Outside a repository nothing is written.
    rmSync(join(root, '.git'), { recursive: true });
    gitIgnoreOutput(join(root, 'plain.bin'));
    assert.deepEqual(readFileSync(join(root, '.gitignore'), 'utf8'), 'data.csv\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
