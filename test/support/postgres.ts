/** A real PostgreSQL per test file (scripts/throwaway-postgres.ts, shared with the bench): without fsync, the data is thrown away. */
export { startPostgres, type Postgres } from '../../scripts/throwaway-postgres.js';
