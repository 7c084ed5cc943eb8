#!/usr/bin/env node
// The `node-llm-orm` bin: dispatches to one module per command (`cli/commands.cjs`). Each command
// returns its exit code; nothing here prints a stack trace for an expected failure. CommonJS, so a
// `sync` starts without Node's ESM loader (`npm run bench`, CLI section).
'use strict';

const { commands } = require('./commands.cjs');
const { output } = require('./output.cjs');

/** The top-level help, built only when asked for. */
function usage() {
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
    .join('\n');
  return `Usage: node-llm-orm <command> [options]\n\nCommands:\n${list}\n\nRun \`node-llm-orm <command> --help\` for a command's options.`;
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    output(1, () => process.stdout).write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    output(2, () => process.stderr).write(`Unknown command \`${name}\`.\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.main(rest, { stdout: output(1, () => process.stdout), stderr: output(2, () => process.stderr) });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // An install must never fail because of the postinstall hint.
    if (process.argv.includes('--postinstall')) return;
    // Only a bug gets here (the addon failing to load, say): one line, and exit 2.
    process.stderr.write(`node-llm-orm: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
