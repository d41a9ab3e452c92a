// Writes the shareable plots page of `mlops plots show|diff` into its folder and returns the page's path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlotsResult } from '../core/plots/collect';
import { plotsPage } from '../core/plots/html-page';

export function writePlotsPage(result: PlotsResult, outDir: string, heading: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of plotsPage(result, heading)) fs.writeFileSync(path.join(outDir, file.name), file.data);
  return path.join(outDir, 'index.html');
}
