#!/usr/bin/env node
// The package's `postinstall`: `node-llm-orm check --postinstall` in the user's project (INIT_CWD,
// where they ran npm), as one line at most. It must never break an install: any failure, even the
// addon not being built yet (this repository's own `npm ci` runs postinstall before `prepare`),
// ends silently with exit 0. NODE_LLM_ORM_SKIP_POSTINSTALL=1 turns it off.
process.on('uncaughtException', () => process.exit(0));
try {
  const { postinstall } = await import('./check.mjs');
  await postinstall();
} catch {
  // the hint is optional; the install is not
}
process.exitCode = 0;
