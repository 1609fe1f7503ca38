import Database from "better-sqlite3";
import pg from "pg";

// A database's tables and indexes as both dialects can describe them, so that a SQLite file and a
// PostgreSQL database migrated by this code can be compared. Types are left out: the dialects name
// them differently on purpose (INTEGER and BIGINT, a ring as JSON text and as BIGINT[]).

/** One table: what the stores read and write, and what keeps it fast and its keys unique. */
export interface TableSchema {
  /**
   * Its columns by name, sorted (the stores read rows by name and list the columns they insert),
   * each with " NOT NULL" where it is refused.
   */
  columns: string[];
  /** The primary key's columns, in key order. */
  primaryKey: string[];
  /** The columns of each unique constraint other than the primary key, sorted. */
  unique: string[][];
  /** Indexes made by CREATE INDEX: name → columns, in index order. */
  indexes: Record<string, string[]>;
}

/** Every table of a database, by name. */
export type DatabaseSchema = Record<string, TableSchema>;

const column = (name: string, notNull: boolean) => (notNull ? `${name} NOT NULL` : name);
const sortedLists = (lists: string[][]) =>
  lists
    .map((l) => l.join(","))
    .sort()
    .map((l) => l.split(","));

/** The schema of a SQLite file, read through a connection of its own. */
export function sqliteSchema(path: string): DatabaseSchema {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all();
    return Object.fromEntries(tables.map(({ name }) => [name, sqliteTable(db, name)]));
  } finally {
    db.close();
  }
}

function sqliteTable(db: Database.Database, table: string): TableSchema {
  const info = db.pragma(`table_info(${table})`) as Array<{ name: string; notnull: number; pk: number }>;
  const list = db.pragma(`index_list(${table})`) as Array<{ name: string; origin: "c" | "u" | "pk" }>;
  const columnsOf = (index: string) =>
    (db.pragma(`index_info(${index})`) as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
  return {
    // notnull says what SQLite enforces: a primary key column counts only in a STRICT or WITHOUT
    // ROWID table (elsewhere SQLite lets it be NULL, where PostgreSQL never does).
    columns: info.map((c) => column(c.name, c.notnull === 1)).sort(),
    primaryKey: info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name),
    unique: sortedLists(list.filter((i) => i.origin === "u").map((i) => columnsOf(i.name))),
    indexes: Object.fromEntries(list.filter((i) => i.origin === "c").map((i) => [i.name, columnsOf(i.name)])),
  };
}

/** The schema of a PostgreSQL database's public schema, `leaveOut` tables aside. */
export async function postgresSchema(url: string, leaveOut: readonly string[] = []): Promise<DatabaseSchema> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table: string; name: string; nullable: "YES" | "NO" }>(
      `SELECT c.table_name AS table, c.column_name AS name, c.is_nullable AS nullable FROM information_schema.columns AS c
       JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    // Every index with its columns in order, and the kind of constraint it enforces, if any.
    const { rows: indexes } = await client.query<{ table: string; name: string; constraint: "p" | "u" | null; columns: string[] }>(
      `SELECT t.relname AS table, i.relname AS name, c.contype AS constraint, array_agg(a.attname::text ORDER BY k.n) AS columns
       FROM pg_index AS x
       JOIN pg_class AS i ON i.oid = x.indexrelid
       JOIN pg_class AS t ON t.oid = x.indrelid
       JOIN pg_namespace AS s ON s.oid = t.relnamespace AND s.nspname = 'public'
       LEFT JOIN pg_constraint AS c ON c.conindid = x.indexrelid AND c.contype IN ('p', 'u')
       CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum
       GROUP BY t.relname, i.relname, c.contype`,
    );
    const tables = [...new Set(columns.map((c) => c.table))].filter((t) => !leaveOut.includes(t));
    return Object.fromEntries(
      tables.map((table) => {
        const own = indexes.filter((i) => i.table === table);
        return [
          table,
          {
            columns: columns
              .filter((c) => c.table === table)
              .map((c) => column(c.name, c.nullable === "NO"))
              .sort(),
            primaryKey: own.find((i) => i.constraint === "p")?.columns ?? [],
            unique: sortedLists(own.filter((i) => i.constraint === "u").map((i) => i.columns)),
            indexes: Object.fromEntries(own.filter((i) => i.constraint === null).map((i) => [i.name, i.columns])),
          },
        ];
      }),
    );
  } finally {
    await client.end();
  }
}
