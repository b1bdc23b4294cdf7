#!/usr/bin/env node
/**
 * `npm run source-archive`: the source code archive addons.mozilla.org asks for when an add-on's code is minified or
 * bundled, at dist/coinsight-source.zip: every file git tracks at HEAD (so nothing local, nothing ignored), with
 * SOURCE-BUILD.md on top saying how a reviewer rebuilds dist/coinsight-firefox.zip from it, byte for byte the same
 * JavaScript. Refuses to run with uncommitted changes: the archive must be the code the zips were built from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const git = (/** @type {string[]} */ ...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

if (git('status', '--porcelain', '--untracked-files=no').trim()) {
  console.error('Commit first: the source archive is made from HEAD, and must match what the zips were built from.');
  process.exit(1);
}
mkdirSync(path.join(root, 'dist'), { recursive: true });
const out = path.join(root, 'dist/coinsight-source.zip');
git('archive', '--format=zip', `--output=${out}`, 'HEAD');
console.log(`Wrote ${path.relative(root, out)} (${git('rev-parse', '--short', 'HEAD').trim()}). Rebuild steps: SOURCE-BUILD.md inside it.`);
