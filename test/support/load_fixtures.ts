/** Reads every committed fixture file (Node only; the browser bundle imports the same JSON through esbuild). */
import * as fs from 'fs';
import * as path from 'path';
import {FixtureCase, FixtureFile} from './fixture_types';

/**
 * The committed cases, or FIXTURE_CASES_DIR's: `npm run fuzz` points it at a sweep generated at its own size and
 * seed (generate.py --sweep), so the same parity suites replay it.
 */
export const FIXTURE_DIR = process.env.FIXTURE_CASES_DIR ?? path.join(__dirname, '..', 'fixtures', 'cases');

export function loadFixtureFiles(): FixtureFile[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter(f => f.endsWith('.json'))
    .sort()
    .map(f => JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as FixtureFile);
}

export function loadFixtureCases(): Array<{group: string; c: FixtureCase}> {
  return loadFixtureFiles().flatMap(file => file.cases.map(c => ({group: file.group, c})));
}
