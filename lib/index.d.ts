// Types of the package entry (`lib/index.cjs`, `lib/index.mjs`): the generated binding types
// (`../index.d.ts`, written by `napi build` from the Rust doc comments) plus the typed error.

export * from '../index.js';

/**
 * An error the native core reported on purpose. `code` is stable (`SCHEMA_SYNTAX`,
 * `INVALID_ARGUMENT`, `INTERNAL_ERROR`, …); when the error points into a schema, `file`, the
 * 1-based `line`/`column` (and `endLine`/`endColumn`) and a rendered code `frame` say where,
 * otherwise they are `null`.
 */
export declare class NodeLlmOrmError extends Error {
  readonly name: 'NodeLlmOrmError';
  readonly code: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  /** The offending lines with a caret underline, as a terminal shows them (no colours). */
  readonly frame: string | null;
}
