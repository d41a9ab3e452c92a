// DVC's JSON and ours put in one spelling for comparison: parsed and dumped again by Python's json (so floats,
// NaN and key order print alike), without the vega-lite `content` of plots, which ours does not write
// (docs/cli.md). `sameAsDvc` runs both on a repository and asserts they are equal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from './cli';
import { venvBin, venvEnv } from './python';
import { dvc } from './runner-workspace';

export function canonicalDvcJson(text: string, sortKeys: boolean): string {
  const code = `import json,sys
d=json.loads(sys.stdin.read())
for renderers in d.get("data", {}).values():
    for r in renderers if isinstance(renderers, list) else []: r.pop("content", None)
sys.stdout.write(json.dumps(d, sort_keys=${sortKeys ? 'True' : 'False'}))`;
  return execFileSync(join(venvBin(), 'python'), ['-c', code], { input: text, env: venvEnv(), encoding: 'utf8' });
}

/** Ours (`args`) and DVC's (`dvcArgs`) in `root`, equal once canonical; → DVC's canonical text. */
export async function sameAsDvc(root: string, args: string[], dvcArgs = args, sortKeys = false): Promise<string> {
  const expected = canonicalDvcJson(dvc(root, ...dvcArgs), sortKeys);
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(canonicalDvcJson(r.stdout, sortKeys), expected, args.join(' '));
  return expected;
}
