// Puts V8 in its memory-saving mode (--optimize-for-size) as the program starts, before the server is built, unless the
// node command line chose either way (Node refuses the flag in NODE_OPTIONS). V8 reads this flag as it goes (heap sizing, when to collect), so
// setting it once the process runs takes effect. Under bench:memory's mixed load V8's default mode let the main heap
// swing between 80 and 180 MB around some 40 MB of live objects (a big young generation, and an old generation allowed
// to grow to several times what the last collection kept): RSS sat at 320-440 MB. This mode keeps the young
// generation small and collects sooner, which held the heap near 50 MB at the same throughput. A server that only
// waits on Graph and its extraction workers has CPU to spare for the extra collections; `node --no-optimize-for-size`
// turns it off.
import { setFlagsFromString } from "node:v8";

const chosen = process.execArgv.some((flag) => /^--(no-)?optimize[-_]for[-_]size$/.test(flag));
if (!chosen) setFlagsFromString("--optimize-for-size");
