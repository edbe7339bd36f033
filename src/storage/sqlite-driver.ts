import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// better-sqlite3 ≤ 12 builds on node::ObjectWrap, whose destructor since Node 24.19 asserts that a JS
// context is entered; a statement finalised by an idle GC then aborts the whole process
// (`RemoveEnvironmentCleanupHook … (env) != nullptr`, nodejs/node#65446). better-sqlite3 13 is a
// Node-API addon without that path, but requires Node ≥ 22 (its prebuild crashes on 20). Both are
// installed (13 under the alias `better-sqlite3-napi`, prebuilt, no install script) and the runtime
// picks the one that works on it. Both expose the same API, typed by @types/better-sqlite3.
const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

export const sqliteDriverPackage = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

const SQLite: typeof BetterSqlite3 = require(sqliteDriverPackage);

export default SQLite;
