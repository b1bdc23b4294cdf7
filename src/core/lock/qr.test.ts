import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { encodeQr, penalty, reedSolomonDivisor, reedSolomonRemainder } from './qr';

const render = (matrix: boolean[][]): string => matrix.map((row) => row.map((dark) => (dark ? '#' : '.')).join('')).join('\n');
const digest = (matrix: boolean[][]): string => createHash('sha256').update(render(matrix)).digest('hex');

// The expected matrices were checked module for module against qrcode-generator 2.0.4 (Kazuhiko Arase), level M,
// byte mode, for versions 1 to 10 (with its mask: the one our penalty rule picks may differ, so tests force a mask).
const HELLO_MASK_2 = `#######.......#######
#.....#..#.##.#.....#
#.###.#.#.###.#.###.#
#.###.#.#.#.#.#.###.#
#.###.#.#.#.#.#.###.#
#.....#.#..#..#.....#
#######.#.#.#.#######
........#.#..........
#.#####...##..#####..
###.#..#..#####..##.#
.##.#.#.....#.##.###.
....##.#...####..##..
.#.#..####..#..#....#
........###.#..#.#..#
#######..#.#.#..#.##.
#.....#.#.#....#####.
#.###.#.##.#.#..#..#.
#.###.#.##.#####.#...
#.###.#.#...#.##..#..
#.....#..#.####.###..
#######.#...#...#..#.`;
const URI = 'otpauth://totp/Coinsight:Parent?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Coinsight&algorithm=SHA1&digits=6&period=30';

describe('encodeQr', () => {
  test('a version 1 code, module for module', () => {
    expect(render(encodeQr('hello', 2))).toBe(HELLO_MASK_2);
  });

  test('an otpauth URI (version 7: version information blocks) and 200 bytes (version 10, 16-bit count)', () => {
    expect(encodeQr(URI, 0)).toHaveLength(45);
    expect(digest(encodeQr(URI, 0))).toBe('77c227f29b3e7a4d63f5898b7c1db6f82b2ad7662b3a0f8613059d04a1e1f78f');
    expect(digest(encodeQr('z'.repeat(200), 5))).toBe('67de243a5a0fda36606ad04acec139c094628744cee14bee5264b52406aebf60');
  });

  test('picks the mask with the lowest penalty', () => {
    const chosen = penalty(encodeQr(URI));
    for (let mask = 0; mask < 8; mask++) expect(chosen).toBeLessThanOrEqual(penalty(encodeQr(URI, mask)));
  });

  test('refuses text longer than version 10 holds, with a clear error', () => {
    expect(() => encodeQr('x'.repeat(214))).toThrow(/too long/);
    expect(encodeQr('x'.repeat(213))).toHaveLength(57);
  });
});

test('Reed-Solomon: the standard example (HELLO WORLD, 1-M)', () => {
  const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
  expect(reedSolomonRemainder(data, reedSolomonDivisor(10))).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
});
