'use strict';
// Preloaded (--require) into the jsii kernel's node when ./main starts the kernel itself through JSII_RUNTIME,
// instead of jsii's bundled jsii-runtime.js. That script only relays: it starts a second node for lib/program.js
// with the jsii API on that process's fd 3, pipes the JVM's stdin and stdout to and from fd 3, and wraps the
// kernel's own stdout and stderr as {"stdout"|"stderr": base64} lines on its stderr, which the Java runtime
// unwraps. A node start and two pipe hops per request, for nothing else (BENCHMARKS.md has the figures).
//
// ./main runs program.js as `node ... program.js 3<&0 4>&1 1>&2`: fd 3 reads the JVM's requests (the kernel reads
// fd 3 itself), fd 4 carries the responses, fd 1 is the JVM's stderr. This file sends the kernel's writes to fd 3
// on to fd 4, and wraps console output the way the relay does, so the JVM sees exactly what it saw before.
const fs = require('fs');

const API_IN = 3;
const API_OUT = 4;
// Refuse to start unless fd 3 is stdin's duplicate and fd 4 another pipe: started any other way, node's own
// descriptors take those numbers and the kernel's responses would go astray.
function describe(fd) {
  try {
    return fs.fstatSync(fd);
  } catch (e) {
    return null;
  }
}
const stdin = describe(0);
const apiIn = describe(API_IN);
const apiOut = describe(API_OUT);
if (stdin === null || apiIn === null || apiOut === null || apiIn.ino !== stdin.ino || apiIn.dev !== stdin.dev
    || !(apiOut.isFIFO() || apiOut.isSocket()) || apiOut.ino === stdin.ino) {
  throw new Error('jsii-direct-kernel.cjs: fds 3 and 4 are not the API pipes; start program.js with 3<&0 4>&1 1>&2');
}

const writeSync = fs.writeSync;
// fd 3 is a duplicate of stdin, held open for the whole run, so no other file can be given that number.
fs.writeSync = function writeSyncApi(fd, ...rest) {
  return writeSync.call(this, fd === API_IN ? API_OUT : fd, ...rest);
};

/** A stream write that becomes one {"<tag>": base64} line on stderr, as jsii-runtime.js writes it. */
function relayed(tag) {
  return function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding);
    const line = Buffer.from(`${JSON.stringify({ [tag]: buffer.toString('base64') })}\n`);
    for (let offset = 0; offset < line.length;) {
      offset += writeSync(2, line, offset);
    }
    if (callback) {
      process.nextTick(callback);
    }
    return true;
  };
}
process.stdout.write = relayed('stdout');
process.stderr.write = relayed('stderr');
