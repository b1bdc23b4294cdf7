// Issue 9, item 7: "no build that users install may contain a way to move its clock". Reads the built files (no
// browser): the shipped build (dist/, which the zips are made from) has no trace of the test clock, and the test build
// (dist-test/) has it, so a renamed key cannot make this pass by looking for the wrong thing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CLOCK_KEY } from '../../src/platform/test-clock';
import { CHROME_DIST, CHROME_TEST_DIST, FIREFOX_DIST, FIREFOX_TEST_DIST, requireBuild } from './harness';

function filesWith(dir: string, needle: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return filesWith(file, needle);
    return readFileSync(file).includes(needle) ? [path.relative(dir, file)] : [];
  });
}

describe('the test clock', () => {
  it('is in the test build of both browsers and nowhere in the shipped build', () => {
    for (const dir of [CHROME_DIST, FIREFOX_DIST, CHROME_TEST_DIST, FIREFOX_TEST_DIST]) requireBuild(dir);
    expect(filesWith(CHROME_TEST_DIST, TEST_CLOCK_KEY)).not.toEqual([]);
    expect(filesWith(FIREFOX_TEST_DIST, TEST_CLOCK_KEY)).not.toEqual([]);
    expect(filesWith(CHROME_DIST, TEST_CLOCK_KEY)).toEqual([]);
    expect(filesWith(FIREFOX_DIST, TEST_CLOCK_KEY)).toEqual([]);
  });
});
