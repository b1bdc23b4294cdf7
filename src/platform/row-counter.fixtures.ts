import type { DBCore, Middleware } from 'dexie';
/** Test helpers for "reads a bounded number of rows" tests: a row counter at Dexie's core, and seeded randomness. */

/** Counts the rows each table hands out, whatever read path Dexie takes (get, getMany, query, cursor). */
export function rowCounter(counts: Map<string, number>): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'count-rows-read',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        const add = (rows: number) => counts.set(name, (counts.get(name) ?? 0) + rows);
        return {
          ...table,
          get: async (request) => {
            const value: unknown = await table.get(request);
            if (value !== undefined) add(1);
            return value;
          },
          getMany: async (request) => {
            const values = await table.getMany(request);
            add(values.filter((value) => value !== undefined).length);
            return values;
          },
          query: async (request) => {
            const response = await table.query(request);
            add(response.result.length);
            return response;
          },
          openCursor: async (request) => {
            const cursor = await table.openCursor(request);
            if (cursor) {
              const start = cursor.start;
              cursor.start = (onNext) => start.call(cursor, () => {
                add(1);
                onNext();
              });
            }
            return cursor;
          },
        };
      },
    }),
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
