// A big result string (a 150-model migration's SQL, ~170 KB) reaches JS over the Rust buffer that
// holds it, without a copy (src/js/text.rs). The buffer must live exactly as long as JS holds the
// string: still intact after many collections and after the result object is gone, while later calls
// allocate and free memory of their own; released once the string is dropped, and none left behind
// over many calls. Counted through the test-only `__externalStrings()` (NODE_LLM_ORM_TEST_HOOKS=1,
// see src/js/test_hooks.rs), in a child process with `--expose-gc`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { SETTLE, runWithTestHooks } from './helpers/test-hooks.mjs';

test('a big SQL string outlives its result object and every collection, and is released after', () => {
  const script = `
    const { createHash } = require('node:crypto');
    const api = require('./lib/index.cjs');
    const sha = (s) => createHash('sha256').update(s).digest('hex');
    ${SETTLE}
    (async () => {
      const { syntheticSchema } = await import('./bench/synthetic.mjs');
      const [kept, other] = [syntheticSchema({ models: 150 }), syntheticSchema({ models: 160 })];
      const out = { before: api.__externalStrings() };
      let result = api.generateMigration({ to: kept });
      let sql = result.sql;
      out.held = api.__externalStrings() - out.before;
      out.size = sql.length;
      const digest = sha(sql);
      result = null;
      for (let i = 0; i < 40; i++) {
        api.generateMigration({ to: other });
        if (i % 10 === 9) await settle();
      }
      out.intact = sha(sql) === digest && sql === api.generateMigration({ to: kept }).sql;
      await settle();
      out.stillHeld = api.__externalStrings() >= 1;
      out.lastChar = sql.at(-1);
      // Dropped: every string made so far is released.
      sql = null;
      await settle();
      out.after = api.__externalStrings();
      process.stdout.write(JSON.stringify(out));
    })();
  `;
  const out = runWithTestHooks(script, ['--expose-gc']);
  assert.ok(out.size >= 128 * 1024, `big enough to cross without a copy: ${out.size}`);
  assert.deepEqual(out, { before: 0, held: 1, size: out.size, intact: true, stillHeld: true, lastChar: '\n', after: 0 });
});
