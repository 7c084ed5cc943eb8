// A generateMigration result keeps its native details (both sides' SQL schemas and the steps) until
// V8 collects it, and V8 collects by the memory it is told about. Told a quarter of it, V8 let ~30
// unread 1,000-model results pile up natively (RSS ~350 MB) before collecting, and the calls that grew
// the heap into fresh pages ran up to twice as long. So the size a result's details report to V8
// (src/js/migrate.rs, read here through the test hook `__heldBytes`) must be near (0.7-2x) the native
// memory they hold, measured as the RSS 20 held raw results add: in a child process with
// `--expose-gc` and mimalloc returning freed pages at once (`MIMALLOC_PURGE_DELAY=0`), so that RSS
// follows what is live rather than the peak of earlier calls.
import test from 'node:test';
import assert from 'node:assert/strict';
import { SETTLE, runWithTestHooks } from './helpers/test-hooks.mjs';

test('a held generateMigration result tells V8 about most of the native memory it keeps', () => {
  const script = `
    process.env.MIMALLOC_PURGE_DELAY = '0';
    const native = require('./index.js');
    ${SETTLE}
    (async () => {
      const { syntheticSchema } = await import('./bench/synthetic.mjs');
      const schema = syntheticSchema({ models: 300 });
      for (let i = 0; i < 3; i++) native.generateMigration({ to: schema });
      await settle();
      const before = process.memoryUsage();
      const held = [];
      for (let i = 0; i < 20; i++) held.push(native.generateMigration({ to: schema }));
      await settle();
      const after = process.memoryUsage();
      process.stdout.write(JSON.stringify({
        results: held.length,
        schemaBytes: Buffer.byteLength(schema),
        rssPerResult: (after.rss - before.rss) / held.length,
        sqlBytes: held[0].sql.length,
        toldPerResult: native.__heldBytes(held[0].details),
      }));
    })();
  `;
  const out = runWithTestHooks(script, ['--expose-gc']);
  assert.equal(out.results, 20);
  // What a result holds besides its SQL string (which V8 counts itself).
  const details = out.rssPerResult - out.sqlBytes;
  // The details really are big (several bytes per byte of schema), or this test measures nothing.
  assert.ok(details > 3 * out.schemaBytes, `held per result: ${JSON.stringify(out)}`);
  assert.ok(
    out.toldPerResult >= 0.7 * details && out.toldPerResult <= 2 * details,
    `V8 is told ${out.toldPerResult} bytes of ${Math.round(details)} held per result`,
  );
});
