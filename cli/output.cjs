'use strict';
// The bin's stdout and stderr. Node builds `process.stdout`/`process.stderr` on first use, loading
// its net, tty and stream modules: ~4 ms of CPU at every start (`npm run bench`, CLI section).
// Where the output is a pipe, a socket or a file, the bin writes to the file descriptor itself;
// a terminal, Windows (whose console wants the stream's wide-character writes) and a pipe that
// would block get Node's stream, which stays in use from then on so nothing is written out of order.
// Nothing is decided before the first write (or `isTTY` read).
const fs = require('node:fs');

/** Writes to `fd` directly when it is a pipe, socket or file; else null. */
function direct(fd, stream) {
  if (process.platform === 'win32') return null;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFIFO() && !stat.isSocket() && !stat.isFile()) return null;
  } catch {
    return null; // a closed descriptor: Node's stream reports it as it always has
  }
  let fallback = null;
  return {
    isTTY: false,
    write(text) {
      if (fallback) return fallback.write(text);
      const bytes = Buffer.from(String(text));
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += fs.writeSync(fd, bytes, offset);
        } catch (err) {
          if (err.code !== 'EAGAIN') throw err;
          fallback = stream();
          return fallback.write(bytes.subarray(offset));
        }
      }
      return true;
    },
  };
}

/** A `{ write(text), isTTY }` for `fd`; `stream()` returns Node's own stream for it. */
function output(fd, stream) {
  let target = null;
  const resolve = () => (target ??= direct(fd, stream) ?? stream());
  return {
    get isTTY() {
      return Boolean(resolve().isTTY);
    },
    write(text) {
      return resolve().write(text);
    },
  };
}

module.exports = { output };
