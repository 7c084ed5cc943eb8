// `node-llm-orm sync` for ES modules; the command is CommonJS (`sync.cjs`) so the bin starts
// without Node's ESM loader.
export { SYNC_USAGE, parseTableNames, renderReport, printError, main } from './sync.cjs';
