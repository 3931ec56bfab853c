// The package entry's first import: a built Armature (dist/, as npm installs it) turns on the V8 compile
// cache `armature start` uses, before anything else loads, so a server started as `node dist/main.js`
// reads compiled code for class-validator, Koa and Armature's own modules instead of compiling them on
// every start (loader/compile-cache.cjs; ARMATURE_CACHE_DIR=off turns it off). Written once listening.
import { enableForBuiltEntry } from '../loader/compile-cache.cjs';

enableForBuiltEntry(__filename);
