import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkArtifactName,
  checkStage,
  checkVersion,
  compareSemver,
  formatMessage,
  nextCounter,
  parseTag,
  parseTrailer,
  tagName,
} from '../../src/core/registry/gto-tags';

test('every GTO tag form parses to its action', () => {
  assert.deepEqual(parseTag('clf@v1.0.0'), { name: 'clf', action: 'register', version: 'v1.0.0', counter: undefined });
  assert.deepEqual(parseTag('clf@v1.0.0!'), {
    name: 'clf',
    action: 'deregister',
    version: 'v1.0.0',
    counter: undefined,
  });
  assert.deepEqual(parseTag('clf#prod#3'), { name: 'clf', action: 'assign', stage: 'prod', counter: 3 });
  assert.deepEqual(parseTag('clf#prod!#4'), { name: 'clf', action: 'unassign', stage: 'prod', counter: 4 });
  assert.deepEqual(parseTag('clf@deprecated'), { name: 'clf', action: 'deprecate', counter: undefined });
  assert.deepEqual(parseTag('clf@v2.0.0-rc.1+build.5#7'), {
    name: 'clf',
    action: 'register',
    version: 'v2.0.0-rc.1+build.5',
    counter: 7,
  });
});

test('nested names are written with = in tags and read back with :', () => {
  assert.equal(tagName('register', 'models/nn:clf', { version: 'v1.0.0' }), 'models/nn=clf@v1.0.0');
  assert.equal(parseTag('models/nn=clf#prod#1')?.name, 'models/nn:clf');
});

test('tags that are not GTO tags are ignored', () => {
  for (const t of [
    'v1.0.0',
    'clf@1.0.0',
    'clf@v1.0',
    'clf#',
    '-clf@v1.0.0',
    'clf@created',
    'clf@v01.0.0',
    'release-2024',
  ]) {
    assert.equal(parseTag(t), undefined, t);
  }
});

const nameArb = fc.stringMatching(/^[a-z0-9]([a-z0-9_/-]{0,10}[a-z0-9])?$/);
// A folder prefix never starts with `-` (it would reach git as an option).
const dirArb = fc.option(fc.stringMatching(/^[a-z0-9_./][a-z0-9_./-]{0,7}$/), { nil: undefined });
const semverArb = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `v${a}.${b}.${c}`);

test('tagName and parseTag are inverse for every action', () => {
  fc.assert(
    fc.property(
      dirArb,
      nameArb,
      nameArb,
      semverArb,
      fc.integer({ min: 1, max: 999 }),
      (dir, base, stage, version, counter) => {
        const name = dir === undefined ? base : `${dir}:${base}`;
        assert.equal(checkArtifactName(name), undefined);
        assert.deepEqual(parseTag(tagName('register', name, { version })), {
          name,
          action: 'register',
          version,
          counter: undefined,
        });
        assert.deepEqual(parseTag(tagName('deregister', name, { version })), {
          name,
          action: 'deregister',
          version,
          counter: undefined,
        });
        assert.deepEqual(parseTag(tagName('assign', name, { stage, counter })), {
          name,
          action: 'assign',
          stage,
          counter,
        });
        assert.deepEqual(parseTag(tagName('unassign', name, { stage, counter })), {
          name,
          action: 'unassign',
          stage,
          counter,
        });
        assert.deepEqual(parseTag(tagName('deprecate', name, {})), { name, action: 'deprecate', counter: undefined });
      },
    ),
  );
});

test('invalid names, stages and versions get messages that say how to fix them', () => {
  assert.match(checkArtifactName('my model')!, /not a valid model name: use letters/);
  assert.match(checkArtifactName('clf-')!, /starting and ending with a letter or digit/);
  assert.equal(checkArtifactName('a:b:c') !== undefined, true);
  assert.match(checkStage('prod!')!, /not a valid stage name/);
  assert.match(checkVersion('1.0.0')!, /e\.g\. v1\.0\.0/);
  assert.equal(checkVersion('v1.0.0-alpha.1'), undefined);
});

test('the next counter is one more than the highest of that artifact only', () => {
  const tags = ['clf@v1.0.0', 'clf#prod#1', 'clf#dev#5', 'other#prod#9', 'clf#prod!#3', 'unrelated'];
  assert.equal(nextCounter(tags, 'clf'), 6);
  assert.equal(nextCounter(tags, 'other'), 10);
  assert.equal(nextCounter(tags, 'new'), 1);
});

test('semantic version precedence follows semver.org', () => {
  const ordered = [
    'v1.0.0-alpha',
    'v1.0.0-alpha.1',
    'v1.0.0-alpha.beta',
    'v1.0.0-beta',
    'v1.0.0-beta.2',
    'v1.0.0-beta.11',
    'v1.0.0-rc.1',
    'v1.0.0',
    'v1.0.1',
    'v1.2.0',
    'v1.10.0',
    'v2.0.0',
  ];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(compareSemver(ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compareSemver(ordered[i + 1]!, ordered[i]!) > 0);
  }
  assert.equal(compareSemver('v1.0.0+a', 'v1.0.0+b'), 0);
});

test('the run id, path and hash ride in the tag message and come back', () => {
  const msg = formatMessage('Registering artifact clf version v1.0.0', {
    runId: 'abc123',
    path: 'models/m.pkl',
    md5: 'd41d8cd98f00b204e9800998ecf8427e',
  });
  assert.match(msg, /^Registering artifact clf version v1\.0\.0\n\n/);
  assert.deepEqual(parseTrailer(msg), {
    runId: 'abc123',
    path: 'models/m.pkl',
    md5: 'd41d8cd98f00b204e9800998ecf8427e',
  });
  assert.deepEqual(parseTrailer('Registering artifact clf version v1.0.0'), {});
  assert.equal(formatMessage('x', {}), 'x');
  assert.deepEqual(parseTrailer(formatMessage('x', { path: 'a\nmlops-run-id: forged' })), {
    path: 'a mlops-run-id: forged',
  });
});
