// Runs one benchmark module on its own, for development: node bench/one.js page-overhead
import { startFakeTikTok } from '../tests/fake-tiktok/server.js';
const which = process.argv[2];
const mod = await import(`./${which}.js`);
const fn = Object.values(mod).find((f) => typeof f === 'function' && f.name.startsWith('bench'));
const s = await startFakeTikTok({});
const t = Date.now();
const r = await fn(s);
console.log(JSON.stringify(r, null, 1));
console.log('took', Date.now() - t);
await s.close();
