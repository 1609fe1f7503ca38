// What both SQL stores say about their schema's version, so that an operator reads the same words
// whichever database they run on. Each store reads the version its own way (SQLite's user_version,
// PostgreSQL's schema_migrations) and knows its own number of migrations.

/** The database a message is about: a SQLite file (named by its path) or a PostgreSQL database. */
export interface SchemaHolder {
  /** How the message names it, if at all (a file's path; a database's URL may hold a password). */
  name?: string;
  /** What the operator may use instead. */
  kind: "file" | "database";
}

/**
 * Refuses a database whose schema is newer than this code knows, before anything is written to it:
 * an older server would misread what a newer one wrote.
 */
export function refuseNewerSchema(found: number, known: number, holder: SchemaHolder): void {
  if (found <= known) return;
  const database = holder.name === undefined ? "The database" : `The database ${holder.name}`;
  throw new Error(
    `${database} was written by a newer version of this server (schema version ${found}; this version knows up to ${known}). ` +
      `Upgrade the server or use another ${holder.kind}.`,
  );
}

/** Throws unless the schema is exactly at the version this code knows: what a store's readiness means. */
export function requireCurrentSchema(found: number, known: number): void {
  if (found !== known) throw new Error(`the schema is at version ${found}, not ${known}`);
}
