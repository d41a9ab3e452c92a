// A metrics panel's messages are acted on only in their exact shape (src/webview/contract-guards.ts): a `command`
// names one of the panel's own commands with run ids; anything else a page could post is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PANEL_COMMANDS } from '../../src/webview/contract';
import { isPanelMessage, isSettings } from '../../src/webview/contract-guards';

test("the panels' own commands with run ids are accepted", () => {
  for (const command of PANEL_COMMANDS) assert.ok(isPanelMessage({ type: 'command', command, runIds: ['a1b2', 'c3'] }));
  assert.ok(isPanelMessage({ type: 'ready' }));
  assert.ok(isPanelMessage({ type: 'export', format: 'csv', fileName: 'runs.csv', data: 'a,b\n' }));
  assert.ok(
    isPanelMessage({
      type: 'settings',
      settings: {
        xAxis: 'wall',
        smoothing: 0.6,
        logScale: true,
        onlyDifferences: false,
        sort: { column: 'name', descending: true },
      },
    }),
  );
  assert.ok(isPanelMessage({ type: 'comparePlots', revision: 'HEAD' }));
  assert.ok(isPanelMessage({ type: 'comparePlots', revision: null }));
  assert.ok(isPanelMessage({ type: 'smoothPlots', bandwidth: 0.3 }));
});

test('any other command id is refused, even one of our own', () => {
  for (const command of [
    'workbench.action.terminal.sendSequence',
    'vscode.open',
    'mlops.runPipeline',
    'mlops.gitInit',
    'constructor',
    '',
  ])
    assert.equal(isPanelMessage({ type: 'command', command, runIds: ['r1'] }), false, command);
});

test('arguments of the wrong shape are refused', () => {
  for (const runIds of [undefined, 'r1', [], [{ id: 'r1' }], [''], ['x'.repeat(257)], Array(1001).fill('r')])
    assert.equal(
      isPanelMessage({ type: 'command', command: 'mlops.copyRunId', runIds }),
      false,
      JSON.stringify(runIds)?.slice(0, 40),
    );
  assert.equal(isPanelMessage({ type: 'export', format: 'csv', fileName: '../../.bashrc', data: '' }), false);
  assert.equal(isPanelMessage({ type: 'export', format: 'exe', fileName: 'a.exe', data: '' }), false);
  assert.equal(isPanelMessage({ type: 'settings', settings: { xAxis: 'step' } }), false);
  assert.equal(
    isPanelMessage({
      type: 'settings',
      settings: { xAxis: 'step', smoothing: 5, logScale: false, onlyDifferences: false },
    }),
    false,
  );
  assert.equal(isPanelMessage({ type: 'comparePlots', revision: 7 }), false);
  // DVC's slider runs from 0.001 to 1: a bandwidth outside it (or not a number) is refused.
  for (const bandwidth of [0, 1.5, Number.NaN, '0.3', -1])
    assert.equal(isPanelMessage({ type: 'smoothPlots', bandwidth }), false, String(bandwidth));
  for (const junk of [null, 'command', [], { type: 'toString' }, { type: 'command' }])
    assert.equal(isPanelMessage(junk), false, JSON.stringify(junk));
});

test('the Plots section kept in settings: an offered-label-sized compare and a slider bandwidth, nothing else', () => {
  const base = { xAxis: 'step', smoothing: 0, logScale: false, onlyDifferences: false };
  for (const plots of [{}, { compare: 'v1' }, { smooth: 0.25 }, { compare: 'classifier v0.1.0 (prod)', smooth: 1 }])
    assert.ok(isSettings({ ...base, plots }), JSON.stringify(plots));
  for (const plots of [
    null,
    'v1',
    { compare: '' },
    { compare: 'x'.repeat(1025) },
    { compare: 3 },
    { smooth: 0 },
    { smooth: '0.3' },
  ])
    assert.equal(isSettings({ ...base, plots }), false, JSON.stringify(plots)?.slice(0, 40));
  // What the serializer hands back after a reload is checked the same way.
  assert.equal(isSettings(undefined), false);
});
