/**
 * Managed policy in a real Chromium (issue 11, item 4): Chromium reads machine policy from JSON files in
 * /etc/chromium/policies/managed/ (Debian), and hands an extension its `3rdparty.extensions.<id>` values through
 * storage.managed. That folder is machine-wide and other engineers run end-to-end tests here too, so:
 * - the policy names an extension id no other run loads: a copy of the test build (dist-test/chrome) with a manifest
 *   key made for this run (the test build's own fixed key pins its id the same way: scripts/test-extension-key.json);
 * - the policy file has a name of its own and exists only from just before the browser starts until the file's
 *   tests end, removed in afterAll even when a test failed.
 */
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CHROME_TEST_DIST, FIREFOX_TEST_DIST, requireBuild } from './harness';

export const CHROMIUM_POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';

/** Chrome's extension id of a manifest key: the first 128 bits of SHA-256 of the public key, as letters a–p. */
export function extensionIdOfKey(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

export interface ManagedBuild {
  /** The copy of the test build to load (LaunchOptions.dir). */
  readonly dir: string;
  readonly extensionId: string;
  readonly policyFile: string;
}

/**
 * Registers, before the browser's own hooks (call it before withChromium or withFirefox): `make` copies a build with an
 * id of its own and writes the policy for it; both are removed after the file's tests, also when one failed.
 */
function withPolicyCopy(make: () => { dir: string; extensionId: string; policyFile: string }): ManagedBuild {
  const state: { dir?: string; extensionId?: string; policyFile?: string } = {};
  beforeAll(() => {
    Object.assign(state, make());
  });
  afterAll(() => {
    if (state.policyFile) rmSync(state.policyFile, { force: true });
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  const present = (value: string | undefined): string => {
    if (value === undefined) throw new Error('the managed build is made in beforeAll: read it inside a test or a later hook');
    return value;
  };
  return { get dir() { return present(state.dir); }, get extensionId() { return present(state.extensionId); }, get policyFile() { return present(state.policyFile); } };
}

/** A copy of the Chromium test build with a fresh manifest key, and a policy file giving it `policy`. */
export function withChromiumPolicy(policy: Record<string, unknown>): ManagedBuild {
  return withPolicyCopy(() => {
    requireBuild(CHROME_TEST_DIST);
    const dir = mkdtempSync(path.join(tmpdir(), 'coinsight-managed-'));
    cpSync(CHROME_TEST_DIST, dir, { recursive: true });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const manifestFile = path.join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), key }, null, 2));
    const extensionId = extensionIdOfKey(key);
    mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
    const policyFile = path.join(CHROMIUM_POLICY_DIR, `coinsight-e2e-${randomUUID()}.json`);
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: policy } } }));
    return { dir, extensionId, policyFile };
  });
}

export const FIREFOX_POLICIES_FILE = process.env.FIREFOX_POLICIES_FILE ?? '/usr/lib/firefox-esr/distribution/policies.json';

/**
 * Firefox reads policy from one file, `distribution/policies.json` beside the browser, at its start. As with Chromium,
 * the policy names an id no other run loads (a copy of the Firefox test build with a gecko id of its own), and the
 * file exists only while this file's tests run. A policies.json already there (not ours) stops the test rather than
 * being overwritten.
 */
export function withFirefoxPolicy(policy: Record<string, unknown>): ManagedBuild {
  return withPolicyCopy(() => {
    requireBuild(FIREFOX_TEST_DIST);
    if (existsSync(FIREFOX_POLICIES_FILE)) throw new Error(`${FIREFOX_POLICIES_FILE} exists already (another run, or the machine's own policy): not touching it`);
    const dir = mkdtempSync(path.join(tmpdir(), 'coinsight-managed-firefox-'));
    cpSync(FIREFOX_TEST_DIST, dir, { recursive: true });
    const extensionId = `coinsight-e2e-${randomUUID()}@coinsight.app`;
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
    manifest.browser_specific_settings.gecko.id = extensionId;
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    mkdirSync(path.dirname(FIREFOX_POLICIES_FILE), { recursive: true });
    writeFileSync(FIREFOX_POLICIES_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [extensionId]: policy } } } }));
    return { dir, extensionId, policyFile: FIREFOX_POLICIES_FILE };
  });
}
