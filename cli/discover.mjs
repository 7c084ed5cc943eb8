// Schema discovery for ES modules; the code is CommonJS (`discover.cjs`), which `sync.cjs` requires.
export { schemaFromConfig, migrationsFromConfig, findConfigFile, discoverSchema } from './discover.cjs';
