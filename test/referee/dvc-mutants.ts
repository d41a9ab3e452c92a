// Small, deliberate breakages of real pipelines, for the DVC referee: the corpus is mostly valid, so these give DVC
// and us many more files to disagree on. Each mutant edits the first plain stage (one with `cmd`, not foreach/matrix)
// through the `yaml` document API, so comments and layout elsewhere survive.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

export const MUTATIONS = [
  'unknown-key',
  'missing-cmd',
  'invalid-type',
  'undefined-variable',
  'outs-not-list',
  'self-cycle',
  'duplicate-output',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** The first stage with a `cmd`, and its name. */
function firstPlainStage(doc: Document): { name: string; stage: YAMLMap } | undefined {
  const stages = doc.get('stages', true);
  if (!isMap(stages)) return undefined;
  for (const pair of stages.items) {
    if (isScalar(pair.key) && isMap(pair.value) && pair.value.has('cmd'))
      return { name: String(pair.key.value), stage: pair.value };
  }
  return undefined;
}

/** The first output path written as a plain string item of `outs`. */
function firstOut(stage: YAMLMap): string | undefined {
  const outs = stage.get('outs', true);
  if (!isSeq(outs)) return undefined;
  for (const item of outs.items) if (isScalar(item) && typeof item.value === 'string') return item.value;
  return undefined;
}

/** The mutated text, or undefined when the mutation does not apply to this pipeline. */
export function mutate(text: string, mutation: Mutation): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const found = firstPlainStage(doc);
  if (!found) return undefined;
  const { stage } = found;
  switch (mutation) {
    case 'unknown-key':
      stage.set('cmdd', 'echo misspelt key');
      break;
    case 'missing-cmd':
      stage.delete('cmd');
      break;
    case 'invalid-type':
      stage.set('frozen', 'maybe');
      break;
    case 'undefined-variable': {
      const cmd = stage.get('cmd', true);
      if (isScalar(cmd) && typeof cmd.value === 'string')
        stage.set('cmd', `${cmd.value} \${mutant_undefined_variable}`);
      else if (isSeq(cmd)) cmd.add('echo ${mutant_undefined_variable}');
      else return undefined;
      break;
    }
    case 'outs-not-list':
      stage.set('outs', 'mutant-output.txt');
      break;
    case 'self-cycle': {
      const out = firstOut(stage);
      if (out === undefined || out.includes('${')) return undefined;
      const deps = stage.get('deps', true);
      if (isSeq(deps)) deps.add(out);
      else if (deps === undefined) stage.set('deps', [out]);
      else return undefined;
      break;
    }
    case 'duplicate-output': {
      const out = firstOut(stage);
      const stages = doc.get('stages', true);
      if (out === undefined || out.includes('${') || !isMap(stages)) return undefined;
      stages.set('mutant_copy', doc.createNode({ cmd: 'echo copy', outs: [out] }));
      break;
    }
  }
  return doc.toString();
}
