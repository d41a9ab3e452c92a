// Where DVC's YAML reader refuses a tab. DVC loads params, metrics and plot data YAML with ruamel.yaml's safe
// loader (dvc/utils/serialize/_yaml.py), whose scanner separates tokens by spaces alone: in block context a tab
// outside a quoted scalar, a comment or a block scalar's content is "found character '\t' that cannot start any
// token" (`x:\t1`, `a: b\tc`, a trailing tab, a tab-indented line), so the file is YAMLFileCorruptedError; the
// yaml package we parse with accepts them. Inside flow collections ruamel skips tabs between tokens, taken as fine
// here. Found on ericdasse28/credit-default-prediction, whose metrics output folder holds DVCLive's .tsv files,
// which DVC reads as YAML and refuses for their tabs.

/** The 0-based offset of the first tab ruamel's safe loader refuses in `text`, if any. */
export function refusedTab(text: string): number | undefined {
  if (!text.includes('\t')) return undefined;
  let quote = ''; // the open quoted scalar's quote character, across lines
  let flow = 0; // depth of [ and {
  let blockIndent = -1; // a block scalar's parent indentation while in its content, else -1
  let contentIndent = -1; // its content's indentation, set by its first line that is not blank
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    const line = text.slice(at, end);
    let i = 0;
    if (blockIndent >= 0 && quote === '') {
      let spaces = 0;
      while (line[spaces] === ' ') spaces++;
      // Content (tabs allowed after its indentation): blank lines, and lines indented as its first one is.
      if (spaces === line.length || (contentIndent < 0 ? spaces > blockIndent : spaces >= contentIndent)) {
        if (contentIndent < 0 && spaces < line.length) contentIndent = spaces;
        at = end + 1;
        continue;
      }
      blockIndent = -1;
      contentIndent = -1;
    }
    let indent = -1;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote !== '') {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = '';
        }
        continue;
      }
      if (c === '\t') {
        if (flow === 0) return at + i;
        continue;
      }
      if (c === ' ') continue;
      if (indent < 0) indent = i;
      const before = i === 0 ? ' ' : line[i - 1]!;
      if (c === '#' && (before === ' ' || before === '\t')) break;
      if ((c === '"' || c === "'") && (before === ' ' || before === '[' || before === '{' || before === ',' || i === 0))
        quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (
        (c === '|' || c === '>') &&
        flow === 0 &&
        (before === ' ' || i === 0) &&
        /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))
      )
        blockIndent = indent;
    }
    at = end + 1;
  }
  return undefined;
}
