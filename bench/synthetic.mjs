#!/usr/bin/env node
// A large, valid, deterministic Prisma schema for benchmarks (`npm run bench`, `cargo bench`, the
// fuzz seeds). Real schemas top out near 300 KB; this one is what a 1,000-model app would look like,
// so that per-model costs dominate and fixed costs (engine start-up, addon call) do not.
//
// Each model `Mnnnn` has a mix of what real schemas use: an id with a default, required/optional
// scalars of every common type, a native type, `@unique`, `@map`/`@@map`, an enum field, a Json
// field, two many-to-one relations (to the previous model and to a "hub" every 25 models) with
// referential actions, the back-relation lists on their targets, `@@index`, and every 7th model a
// compound `@@unique`. No randomness: the same `models` gives the same bytes.
//
// Usage: node bench/synthetic.mjs [--models 1000] [--provider postgresql|sqlite|mysql] [> file]
import { fileURLToPath } from 'node:url';

const ENUMS = 16;

const pad = (i) => String(i).padStart(4, '0');
const modelName = (i) => `M${pad(i)}`;
const hubOf = (i) => Math.floor(i / 25) * 25;

/** The schema text for `models` models on `provider`. */
export function syntheticSchema({ models = 1000, provider = 'postgresql' } = {}) {
  const enums = provider !== 'sqlite';
  const backRelations = Array.from({ length: models }, () => []);
  for (let i = 1; i < models; i++) {
    backRelations[i - 1].push(`  next${pad(i)}  ${modelName(i)}[] @relation("Prev${pad(i)}")`);
    if (hubOf(i) !== i) backRelations[hubOf(i)].push(`  member${pad(i)} ${modelName(i)}[] @relation("Hub${pad(i)}")`);
  }
  const out = [
    `// Synthetic schema: ${models} models (bench/synthetic.mjs).\n`,
    `generator client {\n  provider = "prisma-client-js"\n}\n`,
    `datasource db {\n  provider = "${provider}"\n}\n`,
  ];
  if (enums) {
    for (let e = 0; e < ENUMS; e++) out.push(`enum Kind${pad(e)} {\n  DRAFT\n  LIVE\n  HIDDEN\n  GONE @map("gone")\n}\n`);
  }
  for (let i = 0; i < models; i++) {
    const f = [
      `  id        String   @id @default(cuid())`,
      `  title     String${provider === 'postgresql' ? ' @db.VarChar(200)' : ''}`,
      `  slug      String   @unique`,
      `  body      String?`,
      `  rank      Int      @default(0)`,
      `  score     Float?`,
      `  amount    Decimal? ${provider === 'sqlite' ? '' : '@db.Decimal(12, 2)'}`.trimEnd(),
      `  flag      Boolean  @default(false) @map("is_flag")`,
      enums ? `  kind      Kind${pad(i % ENUMS)} @default(DRAFT)` : `  kind      String   @default("DRAFT")`,
      `  meta      Json?`,
      `  createdAt DateTime @default(now()) @map("created_at")`,
      `  updatedAt DateTime @updatedAt`,
    ];
    if (i > 0) {
      f.push(`  prevId    String?`);
      f.push(`  prev      ${modelName(i - 1)}? @relation("Prev${pad(i)}", fields: [prevId], references: [id], onDelete: SetNull)`);
      if (hubOf(i) !== i) {
        f.push(`  hubId     String`);
        f.push(`  hub       ${modelName(hubOf(i))} @relation("Hub${pad(i)}", fields: [hubId], references: [id], onDelete: Cascade)`);
      }
    }
    f.push(...backRelations[i], '');
    f.push(`  @@index([rank, createdAt(sort: Desc)])`);
    if (i > 0) f.push(`  @@index([prevId])`);
    if (i % 7 === 0) f.push(`  @@unique([title, rank])`);
    if (i % 3 === 0) f.push(`  @@map("t_${pad(i)}")`);
    out.push(`/// Model ${i} of ${models}.\nmodel ${modelName(i)} {\n${f.join('\n')}\n}\n`);
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  process.stdout.write(syntheticSchema({ models: Number(opt('--models', 1000)), provider: opt('--provider', 'postgresql') }));
}
