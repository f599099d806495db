/**
 * One definition per stored entity: its fields, their columns and codecs, which are personal
 * data and which are exported. The row type, the row ↔ record mappers, the INSERT / UPDATE /
 * SELECT statements and the file (CSV / JSON) column lists are all derived from it, so adding a
 * field is one line here (plus the zod schema in shared/, which stays the contract; the unit test
 * test/unit/entities.test.ts checks that both list the same fields).
 *
 * A hand-written helper rather than a query builder (Kysely): the queries that matter (FTS5,
 * json_each, covering indexes) are hand-written SQL anyway; what repeated itself was the field
 * list, which a 200-line helper with TypeScript inference removes without a dependency.
 */

/** How a field is stored: text, integer, real (floating point), JSON text, boolean 0/1, ISO date text. */
export type Codec = 'text' | 'integer' | 'real' | 'json' | 'boolean' | 'date';

/** snake_case of a camelCase key, as a type: fiscalYear → fiscal_year. */
export type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;

export function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** T: the record's value; C: the column when not snake_case(key); S: the value SQLite stores. */
export interface FieldSpec<T = unknown, C extends string | undefined = string | undefined, S = unknown> {
  readonly codec: Codec;
  readonly nullable: boolean;
  /** The column, when it is not the snake_case of the key. */
  readonly column: C;
  /** Personal data (names, contact details, notes): never logged, left out of anonymised copies. */
  readonly personal: boolean;
  /** Written to the entity's files (CSV / JSON export). */
  readonly exported: boolean;
  /** Bookkeeping (createdAt, updatedAt): set by the write path, not recorded field by field in history. */
  readonly bookkeeping: boolean;
  /** Stored but not part of the contract's record (a link to the parent row, a position). */
  readonly storageOnly: boolean;
  /** Type carriers only. */
  readonly __type?: T;
  readonly __sql?: S;
  orNull(): FieldSpec<T | null, C, S | null>;
  /** Stored in this column instead of the snake_case key. */
  in<C2 extends string>(column: C2): FieldSpec<T, C2, S>;
  personalData(): FieldSpec<T, C, S>;
  internal(): FieldSpec<T, C, S>;
  stamp(): FieldSpec<T, C, S>;
  storage(): FieldSpec<T, C, S>;
}

function spec<T, S>(codec: Codec, o: Partial<Pick<FieldSpec, 'nullable' | 'column' | 'personal' | 'exported' | 'bookkeeping' | 'storageOnly'>> = {}): FieldSpec<T, undefined, S> {
  const base = { codec, nullable: false, column: undefined, personal: false, exported: true, bookkeeping: false, storageOnly: false, ...o };
  const self: FieldSpec<T, undefined, S> = {
    ...(base as Omit<FieldSpec<T, undefined, S>, 'orNull' | 'in' | 'personalData' | 'internal' | 'stamp' | 'storage'>),
    orNull: () => spec<T | null, S | null>(codec, { ...base, nullable: true }) as never,
    in: (column) => spec<T, S>(codec, { ...base, column }) as never,
    personalData: () => spec<T, S>(codec, { ...base, personal: true }) as never,
    internal: () => spec<T, S>(codec, { ...base, exported: false }) as never,
    stamp: () => spec<T, S>(codec, { ...base, bookkeeping: true }) as never,
    storage: () => spec<T, S>(codec, { ...base, storageOnly: true, exported: false }) as never,
  };
  return self;
}

/** Field constructors: `f.text()`, `f.json<string[]>()`, `f.integer().orNull()`, `f.text().in('col')`. */
export const f = {
  text: <T extends string = string>() => spec<T, string>('text'),
  integer: () => spec<number, number>('integer'),
  real: () => spec<number, number>('real'),
  json: <T>() => spec<T, string>('json'),
  boolean: () => spec<boolean, number>('boolean'),
  date: () => spec<string, string>('date'),
};

export type Fields = Record<string, FieldSpec<unknown, string | undefined, unknown>>;

type ValueOf<F> = F extends FieldSpec<infer T, string | undefined, unknown> ? T : never;
type ColumnOf<K extends string, F> = F extends FieldSpec<unknown, infer C, unknown> ? (C extends string ? C : Snake<K>) : never;
type SqlOf<F> = F extends FieldSpec<unknown, string | undefined, infer S> ? S : never;

/** The record an entity's definition describes (what the core and the contract handle). */
export type RecordOf<F extends Fields> = { -readonly [K in keyof F & string]: ValueOf<F[K]> };
/** The table row (what SQLite returns for the mapped columns). */
export type RowOf<F extends Fields> = { [K in keyof F & string as ColumnOf<K, F[K]>]: SqlOf<F[K]> };

export interface FieldInfo {
  key: string;
  column: string;
  codec: Codec;
  nullable: boolean;
  personal: boolean;
  exported: boolean;
  bookkeeping: boolean;
  storageOnly: boolean;
}

export interface EntityOptions<F extends Fields, K extends keyof F & string> {
  /** The entity's name in history, the change log and bundles ('case', 'logEntry', …). */
  name: string;
  /** Japanese name for messages (事例, 支援記録). */
  label: string;
  table: string;
  /** The field(s) naming one record; several make a composite id written `a/b`. */
  key: readonly K[];
  fields: F;
  /**
   * Keys of the zod record schema that are not stored in this table (joined or computed), each
   * with why; the definition test accepts exactly these as "in the schema, not in the definition".
   */
  virtual?: Readonly<Record<string, string>>;
  /**
   * History rows: 'fields' (default: a snapshot at creation, deletion and restoration and one row
   * per changed field), 'changes' (no snapshot at creation: large records imported in bulk, whose
   * created state the change log holds), or 'none' (rows that are part of a parent's history, as a
   * log entry's next actions are; they still go to the change log).
   */
  history?: 'fields' | 'changes' | 'none';
  /** Columns of the table that are not record fields (filled by `computed` or the repo). */
  extraColumns?: readonly string[];
  /** Values of extra columns computed from the record (e.g. a normalised match key). */
  computed?: (r: RecordOf<F>) => Record<string, unknown>;
}

export interface Entity<F extends Fields = Fields, K extends keyof F & string = keyof F & string> {
  readonly name: string;
  readonly label: string;
  readonly table: string;
  readonly key: readonly K[];
  readonly fields: readonly FieldInfo[];
  readonly byKey: ReadonlyMap<string, FieldInfo>;
  readonly virtual: Readonly<Record<string, string>>;
  readonly history: 'fields' | 'changes' | 'none';
  /** Exported fields in definition order: the file columns (CSV header / JSON keys). */
  readonly fileColumns: readonly string[];
  readonly personalFields: readonly string[];
  readonly sql: { insert: string; update: string; byId: string; delete: string; exists: string; all: string };
  toRecord(row: RowOf<F>): RecordOf<F>;
  /** Named parameters for insert / update (every mapped column, the computed ones and @version). */
  toParams(r: RecordOf<F>, extra?: Record<string, unknown>): Record<string, unknown>;
  /** The record's id: its key field, or the key fields joined by '/'. */
  idOf(r: Pick<RecordOf<F>, K>): string;
  /** Key parameters for an id. */
  keyParams(id: string): Record<string, unknown>;
  encode(field: string, value: unknown): unknown;
  decode(field: string, value: unknown): unknown;
  /** The record as its file object (exported fields under their column names, values as stored in the record). */
  toFileObject(r: RecordOf<F>): Record<string, unknown>;
  /** Type carriers. */
  readonly __record?: RecordOf<F>;
  readonly __row?: RowOf<F>;
}

export type EntityRecord<E> = E extends Entity<infer F, infer _K> ? RecordOf<F> : never;
export type EntityRow<E> = E extends Entity<infer F, infer _K> ? RowOf<F> : never;

function encodeValue(info: FieldInfo, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (info.codec) {
    case 'json':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 1 : 0;
    default:
      return v;
  }
}

function decodeValue(info: FieldInfo, v: unknown): unknown {
  if (v === null || v === undefined) return info.nullable ? null : v;
  switch (info.codec) {
    case 'json':
      return JSON.parse(v as string) as unknown;
    case 'boolean':
      return v === 1 || v === 1n;
    default:
      return v;
  }
}

export function defineEntity<F extends Fields, K extends keyof F & string>(o: EntityOptions<F, K>): Entity<F, K> {
  const fields: FieldInfo[] = Object.entries(o.fields).map(([key, s]) => ({
    key,
    column: s.column ?? snake(key),
    codec: s.codec,
    nullable: s.nullable,
    personal: s.personal,
    exported: s.exported,
    bookkeeping: s.bookkeeping,
    storageOnly: s.storageOnly,
  }));
  const byKey = new Map(fields.map((x) => [x.key, x]));
  const keyInfos = o.key.map((k) => byKey.get(k)!);
  const extra = o.extraColumns ?? [];
  const stored = [...fields.map((x) => x.column), ...extra];
  const where = keyInfos.map((k) => `${k.column} = @${k.column}`).join(' AND ');
  const nonKey = stored.filter((c) => !keyInfos.some((k) => k.column === c));
  // Every INSERT and UPDATE names its columns; `version` is the write path's stale-write counter.
  const sql = {
    insert: `INSERT INTO ${o.table} (${[...stored, 'version'].join(', ')}) VALUES (${[...stored, 'version'].map((c) => `@${c}`).join(', ')})`,
    update: `UPDATE ${o.table} SET ${[...nonKey, 'version'].map((c) => `${c} = @${c}`).join(', ')} WHERE ${where}`,
    byId: `SELECT * FROM ${o.table} WHERE ${where}`,
    exists: `SELECT version FROM ${o.table} WHERE ${where}`,
    delete: `DELETE FROM ${o.table} WHERE ${where}`,
    all: `SELECT * FROM ${o.table} ORDER BY ${keyInfos.map((k) => k.column).join(', ')}`,
  };
  const entity: Entity<F, K> = {
    name: o.name,
    label: o.label,
    table: o.table,
    key: o.key,
    fields,
    byKey,
    virtual: o.virtual ?? {},
    history: o.history ?? 'fields',
    fileColumns: fields.filter((x) => x.exported).map((x) => x.column),
    personalFields: fields.filter((x) => x.personal).map((x) => x.key),
    sql,
    toRecord(row) {
      const r: Record<string, unknown> = {};
      const raw = row as Record<string, unknown>;
      for (const x of fields) r[x.key] = decodeValue(x, raw[x.column]);
      return r as RecordOf<F>;
    },
    toParams(r, extraValues) {
      const p: Record<string, unknown> = {};
      const rec = r as Record<string, unknown>;
      for (const x of fields) p[x.column] = encodeValue(x, rec[x.key]);
      if (o.computed) Object.assign(p, o.computed(r));
      if (extraValues) Object.assign(p, extraValues);
      return p;
    },
    idOf(r) {
      const rec = r as Record<string, unknown>;
      return o.key.map((k) => String(rec[k])).join('/');
    },
    keyParams(id) {
      const parts = keyInfos.length === 1 ? [id] : id.split('/');
      const p: Record<string, unknown> = {};
      keyInfos.forEach((k, i) => (p[k.column] = parts[i]));
      return p;
    },
    encode(field, value) {
      return encodeValue(byKey.get(field)!, value);
    },
    decode(field, value) {
      return decodeValue(byKey.get(field)!, value);
    },
    toFileObject(r) {
      const out: Record<string, unknown> = {};
      const rec = r as Record<string, unknown>;
      for (const x of fields) if (x.exported) out[x.column] = rec[x.key];
      return out;
    },
  };
  return entity;
}
