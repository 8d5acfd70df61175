// Creates a new PGlite data folder (PostgreSQL's initdb) and exits. openPglite runs it in a child
// process on a server's first start: initdb raises PGlite's process to a ~900 MB peak and leaves
// ~200 MB resident that the server would otherwise carry for its whole life (docs/BENCHMARKS.md,
// "Peak RSS of a demo server"). Usage: node pglite-initdb.mjs <folder>
import { PGlite } from '@electric-sql/pglite';

const pg = await PGlite.create({ dataDir: process.argv[2] });
await pg.close();
