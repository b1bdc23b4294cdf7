// Issue 9, item 7: "no build that users install may contain a way to move its clock". Reads the built files (no
// browser): the shipped build (dist/, which the zips are made from) has no trace of the test clock, and the test build
// (dist-test/) has it, so a renamed key cannot make this pass by looking for the wrong thing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CLOCK_KEY } from '../../src/platform/test-clock';
import { CHROME_DIST, CHROME_TEST_DIST, FIREFOX_DIST, FIREFOX_TEST_DIST, ROOT, requireBuild } from './harness';
import { extensionIdOfKey } from './managed-harness';

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

describe('the manifest key', () => {
  it('pins the test build’s Chromium id (so a managed policy can name it) and is absent from every shipped manifest', () => {
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { key?: string; storage?: { managed_schema?: string } };
    const testKey = JSON.parse(readFileSync(path.join(ROOT, 'scripts/test-extension-key.json'), 'utf8')) as { key: string; id: string };
    expect(manifest(CHROME_TEST_DIST).key).toBe(testKey.key);
    expect(extensionIdOfKey(testKey.key)).toBe(testKey.id);
    for (const dir of [CHROME_DIST, FIREFOX_DIST, FIREFOX_TEST_DIST]) expect(manifest(dir).key).toBeUndefined();
    // The policy schema ships in Chrome's build (Chrome validates policy against it); Firefox has no such key.
    expect(manifest(CHROME_DIST).storage?.managed_schema).toBe('managed-schema.json');
    expect(JSON.parse(readFileSync(path.join(CHROME_DIST, 'managed-schema.json'), 'utf8'))).toHaveProperty('properties.limits');
    expect(manifest(FIREFOX_DIST).storage).toBeUndefined();
  });
});
