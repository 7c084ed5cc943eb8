// writeMigration(): the migration folder `prisma migrate dev` would write, from generateMigration().
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration, writeMigration } from '../lib/index.mjs';

const schema = (body) => `datasource db {\n  provider = "postgresql"\n}\n\n${body}`;

test('writes migration.sql with the warnings header and the lock file, and never overwrites', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orm-migrations-'));
  try {
    const m = generateMigration({
      from: schema('model User {\n  id   Int    @id\n  name String\n}\n'),
      to: schema('model User {\n  id Int @id\n}\n'),
      allowDataLoss: true,
    });
    const written = writeMigration({ migrationsDir: dir, name: 'drop_name', sql: m.sql, warnings: m.warnings, provider: m.provider, timestamp: '20260101000000' });
    assert.equal(written.folderName, '20260101000000_drop_name');
    assert.equal(written.lockCreated, true);
    const file = fs.readFileSync(path.join(dir, written.folderName, 'migration.sql'), 'utf8');
    assert.equal(file, `/*\n  Warnings:\n\n  - ${m.warnings[0]}\n\n*/\n${m.sql}`);
    assert.match(fs.readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8'), /provider = "postgresql"\n$/);
    assert.throws(
      () => writeMigration({ migrationsDir: dir, name: 'drop_name', sql: 'x', provider: 'postgresql', timestamp: '20260101000000' }),
      (e) => e.code === 'MIGRATION_EXISTS',
    );
    assert.throws(() => writeMigration({ migrationsDir: dir, name: '../x', sql: 'x', provider: 'postgresql' }), (e) => e.code === 'INVALID_MIGRATION_NAME');
    assert.throws(() => writeMigration({ migrationsDir: dir, name: 'y', sql: 'x', provider: 'sqlite' }), (e) => e.code === 'PROVIDER_MISMATCH');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
