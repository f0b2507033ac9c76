'use strict';
// Preloaded into the jsii kernel's node (NODE_OPTIONS=--require, set by ./main). A prebuilt CDKTF provider's
// lib/index.js eagerly requires every resource module (1,792 files, 246 MB for @cdktf/provider-aws): about 3 s
// of a 6 s synth. The kernel only ever reads the submodules the app uses, by property access on the exports
// (Kernel#findSymbol), so the same exports as getters that require on first use give the same objects, lazily.
// Anything but the exact generated shape is compiled as is.
const fs = require('fs');
const Module = require('module');

const INDEX = /[\\/]@cdktf[\\/]provider-[^\\/]+[\\/]lib[\\/]index\.js$/;
const EXPORT_LINE = /^exports\.([A-Za-z_$][\w$]*) = require\("(\.\/[\w.-]+)"\);$/;
// Lines of the generated index that carry no export: "use strict", the licence comment, the __esModule marker,
// the TypeScript "exports.a = exports.b = void 0;" prologue and the source map.
const INERT_LINE = /^("use strict";|\/\*\*|\s\*.*|\s\*\/|\/\/.*|Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);|exports\.[\w$]+ = (exports\.[\w$]+ = )*void 0;|)$/;

/** The [name, relative path] pairs of a generated index, or null when the file has any other statement. */
function parseIndex(source) {
  const pairs = [];
  for (const line of source.split(/\r?\n/)) {
    const m = EXPORT_LINE.exec(line);
    if (m) {
      pairs.push([m[1], m[2]]);
    } else if (!INERT_LINE.test(line)) {
      return null;
    }
  }
  return pairs.length > 0 ? pairs : null;
}

const compileJs = Module._extensions['.js'];
Module._extensions['.js'] = function lazyProviderIndex(module, filename) {
  if (!INDEX.test(filename)) {
    return compileJs(module, filename);
  }
  const pairs = parseIndex(fs.readFileSync(filename, 'utf8'));
  if (pairs === null) {
    return compileJs(module, filename);
  }
  Object.defineProperty(module.exports, '__esModule', { value: true });
  for (const [name, relative] of pairs) {
    Object.defineProperty(module.exports, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = module.require(relative);
        // later reads are plain property reads, as with the eager index
        Object.defineProperty(module.exports, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
};

module.exports = { parseIndex };
