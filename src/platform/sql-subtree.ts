import { sql } from 'kysely';

/** The rows whose territory path (an ltree column) lies at or under `path`. */
export const inSubtree = (column: string, path: string) => sql<boolean>`${sql.ref(column)} <@ ${path}::ltree`;
