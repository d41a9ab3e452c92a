// terminalSafe: control sequences from names become visible escapes; colours, newlines, tabs and carriage returns
// stay; JSON stays JSON with the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafe } from '../../src/core/terminal-text';

test('OSC title, BEL, cursor moves, C1 and bidi overrides are escaped; SGR colour, \\n, \\t and \\r kept', () => {
  assert.equal(terminalSafe('a\x1b]0;pwned\x07b'), 'a\\u001b]0;pwned\\u0007b');
  assert.equal(terminalSafe('x\x1b[2Ay'), 'x\\u001b[2Ay');
  assert.equal(terminalSafe('\u202eevil\u2066'), '\\u202eevil\\u2066');
  assert.equal(terminalSafe('\x9b\x7f\x00'), '\\u009b\\u007f\\u0000');
  assert.equal(terminalSafe('\x1b[31mred\x1b[0m\tok\r50%\n'), '\x1b[31mred\x1b[0m\tok\r50%\n');
});

test('JSON text made safe parses to the same value', () => {
  const value = { name: 'stage\u202e\x1b]0;t\x07\\', n: [1, '\x9b'] };
  const safe = terminalSafe(JSON.stringify(value));
  assert.doesNotMatch(safe, /[\u202e\x9b]/);
  assert.deepEqual(JSON.parse(safe), value);
});
