// @ts-check
/**
 * Holding gift-send answers (control.holdSends / control.releaseSends).
 *
 * While holding, a gift send is processed at once (debit, ids, streak: TikTok has taken the coins) but its HTTP answer
 * waits until release. If the client's connection closes meanwhile (the page reloaded and aborted the request), the
 * held answer is dropped silently: nothing is written, and the send record keeps `answered: false`.
 */

/**
 * @typedef {object} Answerable
 * @property {boolean} answered   set to true once the server has written this send's answer (whole or partial)
 *
 * @typedef {object} HeldAnswer
 * @property {Answerable} rec
 * @property {import('node:http').ServerResponse} res
 * @property {() => boolean} write   writes the answer; returns false when it wrote none (the socket was destroyed)
 */

/**
 * @param {{ held: number, flags: { holdSends: boolean } }} state  `held` and `flags.holdSends` are kept in step here
 */
export function createSendGate(state) {
  /** @type {HeldAnswer[]} */
  const held = [];
  const sync = () => { state.held = held.length; };

  /** @param {HeldAnswer} h */
  const deliver = (h) => {
    if (h.res.destroyed || h.res.socket?.destroyed) return;
    h.rec.answered = h.write();
  };

  return {
    /** From now on, keep gift-send answers back until release(). */
    hold() { state.flags.holdSends = true; },

    /** Stops holding and writes every held answer, oldest first. */
    release() {
      state.flags.holdSends = false;
      const all = held.splice(0, held.length);
      sync();
      for (const h of all) deliver(h);
    },

    /** Writes the oldest held answer and keeps holding the others; false when none was held. */
    releaseFirst() {
      const first = held.shift();
      sync();
      if (first) deliver(first);
      return !!first;
    },

    /**
     * Answers a processed send now, or holds its answer while holding.
     * @param {Answerable} rec
     * @param {import('node:http').ServerResponse} res
     * @param {() => boolean} write
     */
    answer(rec, res, write) {
      /** @type {HeldAnswer} */
      const h = { rec, res, write };
      if (!state.flags.holdSends) { deliver(h); return; }
      if (res.destroyed || res.socket?.destroyed) return; // already gone: nothing to hold
      held.push(h);
      sync();
      // 'close' fires when the connection ends before an answer (an aborted request): drop the held answer.
      res.once('close', () => {
        const i = held.indexOf(h);
        if (i < 0) return;
        held.splice(i, 1);
        sync();
      });
    },
  };
}
