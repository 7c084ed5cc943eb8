// Terminal colours: only on a TTY, never with NO_COLOR (https://no-color.org) or TERM=dumb;
// FORCE_COLOR turns them on. node:util styleText does the escapes; the decision is ours (the stream
// we write to may not be process.stdout), hence `validateStream: false`.
'use strict';
const { styleText } = require('node:util');

function painter(stream, env = process.env) {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const enabled = forced || (Boolean(stream && stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  const paint = (format) => (text) => (enabled ? styleText(format, String(text), { validateStream: false }) : String(text));
  return {
    enabled,
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    yellow: paint('yellow'),
    green: paint('green'),
    cyan: paint('cyan'),
  };
}

module.exports = { painter };
