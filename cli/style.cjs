// Terminal colours: only on a TTY, never with NO_COLOR (https://no-color.org) or TERM=dumb;
// FORCE_COLOR turns them on. node:util styleText does the escapes; the decision is ours (the stream
// we write to may not be process.stdout), hence `validateStream: false`.
'use strict';
const { styleText } = require('node:util');

// Decided on the first paint, the stream's `isTTY` read last: asking a stream whether it is a
// terminal can be what creates it (`cli/output.cjs`).
function painter(stream, env = process.env) {
  let enabled;
  const isEnabled = () => {
    if (enabled === undefined) {
      const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
      enabled = forced || (env.NO_COLOR === undefined && env.TERM !== 'dumb' && Boolean(stream && stream.isTTY));
    }
    return enabled;
  };
  const paint = (format) => (text) => (isEnabled() ? styleText(format, String(text), { validateStream: false }) : String(text));
  return {
    get enabled() {
      return isEnabled();
    },
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    yellow: paint('yellow'),
    green: paint('green'),
    cyan: paint('cyan'),
  };
}

module.exports = { painter };
