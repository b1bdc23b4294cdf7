/**
 * The worker's cost basis against the reference: random interleavings of writes (late lots, repeats, corrections,
 * a price added to a recharge later, entries moved in time or to another account, deletions such as a withdrawn unseen
 * spend; several currencies, lots of unknown price, deficits) go through the real ledger writer, and the stored lots and
 * cost rows, costsOf every spend and spendMoneyIn of random windows must equal core/lots.ts's replayLots of the final
 * ledger, from scratch, and hold the invariant (expectLotsMatchLedger).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT } from '../../core/lots.fixtures';
import { replaySpendMoneyIn, spendMoneyIn } from '../../queries/cost';
import { expectRollupsMatchLedger, freshDb } from '../recorder.fixtures';
import { OTHER, applyOperation, operation, version, windowArb, type Operation } from './lots.arbitraries';
import { expectLotsMatchLedger } from './lots.fixtures';

async function run(operations: readonly Operation[], checkEachStep: boolean, windows: readonly { start: number; end: number }[] = []): Promise<void> {
  const db = freshDb();
  try {
    for (const op of operations) {
      await applyOperation(db, op);
      if (checkEachStep) await expectLotsMatchLedger(db);
    }
    await expectRollupsMatchLedger(db);
    await expectLotsMatchLedger(db);
    for (const account of [ACCOUNT, OTHER]) {
      for (const w of windows) expect(await spendMoneyIn(db, account, w), `window ${JSON.stringify(w)}`).toEqual(await replaySpendMoneyIn(db, account, w));
    }
  } finally {
    await db.delete();
  }
}

describe('lots store, for any interleaving of writes through the ledger writer', () => {
  it('equals a from-scratch replay of the final ledger', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), fc.array(windowArb, { maxLength: 6 }), (ops, windows) => run(ops, false, windows)), { numRuns: 150 });
  }, 120_000);

  it('equals a from-scratch replay after every write', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), (ops) => run(ops, true)), { numRuns: 60 });
  }, 120_000);

  it('keeps one account in order when many late lots and spends arrive in one batch', async () => {
    const single = version.map((v) => ({ ...v, other: false }));
    const batches = fc.array(fc.record({ put: fc.array(single, { minLength: 5, maxLength: 30 }) }), { minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(batches, (ops) => run(ops, true)), { numRuns: 60 });
  }, 120_000);
});
