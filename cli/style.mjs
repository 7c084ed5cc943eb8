// Terminal colours for ES modules; the code is CommonJS (`style.cjs`), which `sync.cjs` requires.
export { painter } from './style.cjs';
