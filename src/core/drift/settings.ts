// The "drift" block of .mlops.json, checked: every mistake is a message naming the key and what it accepts.
//   "drift": { "numericTest": "ks", "categoricalTest": "auto", "thresholds": { "psi": 0.25 },
//              "share": 0.3, "bins": 10, "categorical": ["zip_code"], "columns": ["age", "plan"] }
import { isObject, type Parsed } from '../parsed';
import {
  CATEGORICAL_TESTS,
  DEFAULT_DRIFT_SETTINGS,
  type DriftSettings,
  NUMERIC_TESTS,
  TEST_NAMES,
  type TestName,
} from './tests';

export function parseDriftSettings(raw: unknown, where: string): Parsed<DriftSettings> {
  const fail = (message: string): Parsed<DriftSettings> => ({ ok: false, message: `${where}: ${message}` });
  if (raw === undefined)
    return { ok: true, value: { ...DEFAULT_DRIFT_SETTINGS, thresholds: { ...DEFAULT_DRIFT_SETTINGS.thresholds } } };
  if (!isObject(raw)) return fail('"drift" must be an object such as {"share": 0.5}');
  const known = ['numericTest', 'categoricalTest', 'thresholds', 'share', 'bins', 'categorical', 'columns'];
  const unknown = Object.keys(raw).find((k) => !known.includes(k));
  if (unknown) return fail(`"drift.${unknown}" is not a setting; use ${known.join(', ')}`);
  const settings: DriftSettings = { ...DEFAULT_DRIFT_SETTINGS, thresholds: { ...DEFAULT_DRIFT_SETTINGS.thresholds } };
  const { numericTest, categoricalTest, thresholds, share, bins, categorical, columns } = raw;
  if (numericTest !== undefined) {
    if (numericTest !== 'auto' && !(NUMERIC_TESTS as readonly unknown[]).includes(numericTest))
      return fail(`"drift.numericTest" is ${JSON.stringify(numericTest)}; use auto, ${NUMERIC_TESTS.join(', ')}`);
    settings.numericTest = numericTest as DriftSettings['numericTest'];
  }
  if (categoricalTest !== undefined) {
    if (categoricalTest !== 'auto' && !(CATEGORICAL_TESTS as readonly unknown[]).includes(categoricalTest))
      return fail(
        `"drift.categoricalTest" is ${JSON.stringify(categoricalTest)}; use auto, ${CATEGORICAL_TESTS.join(', ')}`,
      );
    settings.categoricalTest = categoricalTest as DriftSettings['categoricalTest'];
  }
  if (thresholds !== undefined) {
    if (!isObject(thresholds)) return fail('"drift.thresholds" must map test names to numbers, e.g. {"ks": 0.01}');
    for (const [test, value] of Object.entries(thresholds)) {
      if (!(TEST_NAMES as readonly string[]).includes(test))
        return fail(`"drift.thresholds.${test}": no such test; use ${TEST_NAMES.join(', ')}`);
      if (typeof value !== 'number' || !(value > 0))
        return fail(`"drift.thresholds.${test}" must be a number above 0, not ${JSON.stringify(value)}`);
      settings.thresholds[test as TestName] = value;
    }
  }
  if (share !== undefined) {
    if (typeof share !== 'number' || !(share > 0 && share <= 1))
      return fail(`"drift.share" must be a number in (0, 1], not ${JSON.stringify(share)}`);
    settings.share = share;
  }
  if (bins !== undefined) {
    if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 2 || bins > 1000)
      return fail(`"drift.bins" must be a whole number from 2 to 1000, not ${JSON.stringify(bins)}`);
    settings.bins = bins;
  }
  for (const [key, list] of [
    ['categorical', categorical],
    ['columns', columns],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((c) => typeof c === 'string'))
      return fail(`"drift.${key}" must be a list of column names, e.g. ["age"]`);
    if (key === 'categorical') settings.categorical = list;
    else settings.columns = list;
  }
  return { ok: true, value: settings };
}
