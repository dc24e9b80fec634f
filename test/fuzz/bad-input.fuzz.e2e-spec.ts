import fc from 'fast-check';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { ADMIN_DB_URL, databaseUrl, templateDatabase, workerDatabase } from '../support/test-env';
import type { AuthHeaders, TestApp } from '../support/test-app';

/**
 * Bad input never gets a 5xx. Every operation of the app's own OpenAPI document is sent, as an
 * admin, a fixed catalogue of bad requests (casesFor: wrong types, huge strings, deep JSON, lone
 * surrogates, NUL, SQL-looking text, invalid UUIDs and dates, unknown fields, `__proto__` keys,
 * wrong content types, bad If-Match and Idempotency-Key headers), then generated ones mixing the
 * same ingredients. No answer may be a 5xx, take over 5 s, carry a stack trace or SQL; every 4xx
 * is application/problem+json and wrote no row (a trigger on every table of the spec's database
 * logs each written row, see WRITES_ALLOWED_ON_4XX); a catalogue case the route must refuse
 * (NUL anywhere, a body that is not JSON, an unknown field …) is answered 4xx.
 *
 * Deterministic: a fixed seed (FUZZ_SEED, default 42). FUZZ_RUNS (default 10) sets the number
 * of generated requests per operation, e.g. `FUZZ_RUNS=500 npx jest test/fuzz` for a long run;
 * FUZZ_DEBUG=1 prints every request and answer.
 * The spec runs on its own clone of the migrated template, so whatever an accepted request
 * creates or changes (SLA policies, users) never reaches the other specs of this worker.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 42), numRuns: RUNS, endOnFailure: true });

type Json = unknown;
type Schema = {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  minLength?: number;
  pattern?: string;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  bodySchema?: Schema;
}

/** JSON text that is emitted as is: deep nesting, `__proto__` keys, duplicate keys. */
class Raw {
  constructor(readonly text: string) {}
}
const toJson = (v: Json): string => {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
};

const DEEP = 10_000;
const deepArray = new Raw('['.repeat(DEEP) + ']'.repeat(DEEP));
const deepObject = new Raw('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP));
const SQL = ["'; DROP TABLE complaints; --", "1' OR '1'='1", '" UNION SELECT email FROM users --', "0; SELECT pg_sleep(1)"];
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  ...SQL,
  'x'.repeat(100_000),
  '',
  '   ',
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  '2026-13-45T25:61:00Z',
  '9999-12-31T23:59:59Z',
  '0000-00-00',
  '-1',
  'NaN',
  '1e400',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%00',
  '\\u0000',
  '🙂'.repeat(2000),
  '\u202e\u200b',
  'null',
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }));
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom(1e308, -1, 2 ** 53 + 2, 0.5),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), nastyString, { maxKeys: 3 }),
);
const badValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: wrongType, weight: 3 },
  { arbitrary: fc.constantFrom<Json>(deepArray, deepObject, new Raw('{"__proto__":{"isAdmin":true}}')), weight: 1 },
);
const unknownKey = fc.oneof(fc.constantFrom('isAdmin', '__proto__', 'constructor', 'prototype', 'id', 'version\u0000', 'a\ud800'), fc.string({ maxLength: 12 }));

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/json, text/plain',
];
const contentType = fc.oneof({ arbitrary: fc.constant('application/json'), weight: 6 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 });
const ifMatch = fc.option(fc.constantFrom('abc', '"-1"', '"99999999999"', '*', 'W/"x"', '"1", "2"', '"0"', '', '1e3', '\u00ff', '"2147483648"'), { nil: undefined });
const idempotencyKey = fc.option(fc.constantFrom('', ' ', 'x'.repeat(300), 'a b', '\u00e9t\u00e9', "'; DROP TABLE idempotency_keys; --", 'k'), { nil: undefined });

/**
 * Query values, already percent-encoded (a lone surrogate as its raw UTF-8-like bytes), cut to
 * 2,000 characters: Node's HTTP parser refuses a request line over 16 KB with a bare 431 before
 * any application code runs.
 */
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s.slice(0, 2000));
  } catch {
    return '%ED%A0%80';
  }
};
const COMMON_QUERY = ['limit', 'cursor', 'q', 'externalRef', 'phone', 'assigneeId', 'customerId', 'escalationLevel', 'unread', 'from', 'to', 'groupBy', 'role', 'tier', 'label'];
const queryPart = (names: string[]) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...names), fc.oneof(nastyString, fc.integer().map(String), fc.constantFrom('true', 'maybe', '0', '201', '1.5', '-5')))
      .map(([k, v]) => `${k}=${enc(v)}`),
    fc.constantFrom(...names).map((k) => `${k}=1&${k}=2`),
    fc.constantFrom(...names).map((k) => `${k}[a]=1`),
    fc.constantFrom('__proto__[isAdmin]=true', 'constructor[prototype][x]=1', 'a[__proto__]=1', '%00=%00', 'limit=%ED%A0%80', 'x[][][][][][][][][][][][]=1'),
  );

/**
 * The tables a request answered 4xx may still write, each for its reason; a row written anywhere
 * else while a request was refused fails the spec.
 */
const WRITES_ALLOWED_ON_4XX: Readonly<Record<string, string>> = {
  login_attempts: 'a failed login (401) and a wrong current password (400) count towards the lock-out, by design',
};

/**
 * Logs every row written to any table, by a row-level trigger: a write the request's transaction
 * rolled back rolls its log row back with it, so the log holds committed writes only.
 */
const WRITE_LOG_SQL = `
  CREATE UNLOGGED TABLE fuzz_written_rows (id bigserial PRIMARY KEY, table_name text NOT NULL, op text NOT NULL);
  CREATE FUNCTION fuzz_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO fuzz_written_rows (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
    RETURN NULL;
  END $$;
  DO $$
  DECLARE t text;
  BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'fuzz_written_rows' LOOP
      EXECUTE format('CREATE TRIGGER fuzz_log_write AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION fuzz_log_write()', t);
    END LOOP;
  END $$;`;

const SLOW_MS = 5_000;

describe('bad input never gets a 5xx (fuzz, e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let operations: Operation[];
  let schemas: Record<string, Schema>;
  let writeLog: Client;
  let lastWrite = 0;
  const ids: Record<string, string> = {};
  const fuzzDb = `${workerDatabase()}_fuzz`;
  const savedUrl = process.env.DATABASE_URL;

  const pg = async (sql: string) => {
    const c = new Client({ connectionString: ADMIN_DB_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  /** The rows written since the last call: `table op` per row. */
  const writesSinceLast = async (): Promise<string[]> => {
    const { rows } = await writeLog.query<{ id: string; table_name: string; op: string }>('SELECT id, table_name, op FROM fuzz_written_rows WHERE id > $1 ORDER BY id', [lastWrite]);
    if (rows.length > 0) lastWrite = Number(rows[rows.length - 1].id);
    return rows.map((r) => `${r.table_name} ${r.op}`);
  };

  beforeAll(async () => {
    await pg(`DROP DATABASE IF EXISTS "${fuzzDb}" WITH (FORCE)`);
    await pg(`CREATE DATABASE "${fuzzDb}" TEMPLATE "${templateDatabase()}"`);
    process.env.DATABASE_URL = databaseUrl(fuzzDb);
    const { createTestApp, complaintBody, TEST_PASSWORD } = await import('../support/test-app');
    t = await createTestApp();
    admin = await t.auth('admin');
    const post = async (path: string, body: object, as = admin) => {
      const res = await t.http().post(path).set(as).send(body);
      if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${res.text}`);
      return res.body as { id: string; key?: string };
    };
    const user = (role: string) => ({ email: `fuzz.${role}.${Date.now()}@test.example.com`, name: `Fuzz ${role}`, password: TEST_PASSWORD, role });
    ids.supervisor = (await post('/api/v1/users', user('supervisor'))).id;
    ids.user = (await post('/api/v1/users', { ...user('agent'), supervisorId: ids.supervisor })).id;
    // The fuzzing admin is one of its own, so a changed password or a lock-out stays in this spec.
    const fuzzAdmin = user('admin');
    ids.admin = (await post('/api/v1/users', fuzzAdmin)).id;
    const login = await t.http().post('/api/v1/auth/login').send({ email: fuzzAdmin.email, password: fuzzAdmin.password }).expect(200);
    admin = { Authorization: `Bearer ${login.body.accessToken}` };
    const complaint = await post('/api/v1/complaints', complaintBody());
    ids.complaint = complaint.id;
    ids.customer = (await t.http().get(`/api/v1/complaints/${complaint.id}`).set(admin).expect(200)).body.customer.id;
    ids['api-key'] = (await post('/api/v1/api-keys', { name: 'fuzz' })).id;
    ids.calendar = (await post('/api/v1/calendars', { name: 'fuzz', timezone: 'Asia/Shanghai', weeklyHours: { mon: [['09:00', '18:00']] } })).id;
    ids['sla-policy'] = (
      await post('/api/v1/sla-policies', { name: 'fuzz', match: { channel: 'regulator', severity: 'major', customerTier: 'diamond' }, rank: 99_999, acknowledgeWithinSeconds: 3600, resolveWithinSeconds: 86_400, warnAtRatio: 0.75, escalation: [] })
    ).id;
    ids.webhook = (await post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/fuzz', events: ['complaint.created'] })).id;
    ids.problem = (await post('/api/v1/problems', { title: 'fuzz', category: 'product' })).id;
    ids.compensation = (await post(`/api/v1/complaints/${ids.complaint}/compensations`, { type: 'bill_credit', amount: 100, currency: 'CNY', description: 'fuzz', rationale: 'fuzz' })).id;

    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
    schemas = doc.components.schemas;
    // Deletions and deactivations last: an accepted one would leave the other operations only 404s.
    const removes = (o: Operation) => o.method === 'DELETE' || o.path.endsWith('/deactivate');
    operations = Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          params: op.parameters ?? [],
          bodySchema: op.requestBody?.content['application/json']?.schema,
        })),
      )
      .sort((a, b) => Number(removes(a)) - Number(removes(b)));

    writeLog = new Client({ connectionString: databaseUrl(fuzzDb) });
    await writeLog.connect();
    await writeLog.query(WRITE_LOG_SQL);
  }, 120_000);

  afterAll(async () => {
    await writeLog?.end();
    await t?.close();
    process.env.DATABASE_URL = savedUrl;
    await pg(`DROP DATABASE IF EXISTS "${fuzzDb}" WITH (FORCE)`);
  });

  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(schemas[s.$ref.split('/').pop()!]);
    if (s.allOf?.length) return resolve(s.allOf[0]);
    if (s.oneOf?.length) return resolve(s.oneOf[0]);
    return s;
  };

  /** A plausible valid value for a schema: examples, the first enum value, known ids. */
  const sample = (raw: Schema, name = '', depth = 0): Json => {
    const s = resolve(raw);
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    if (s.format === 'uuid') return name === 'supervisorId' ? ids.supervisor : name === 'assigneeId' ? ids.user : name === 'customerId' ? ids.customer : name === 'complaintId' ? ids.complaint : undefined;
    switch (s.type) {
      case 'string':
        if (s.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
        if (s.format === 'date') return new Date().toISOString().slice(0, 10);
        if (s.format === 'password') return 'Fuzz-Passw0rd-1234';
        return 'fuzz text'.padEnd(s.minLength ?? 1, 'x');
      case 'number':
      case 'integer':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return s.items && depth < 3 ? [sample(s.items, name, depth + 1)].filter((x) => x !== undefined) : [];
      case 'object': {
        if (!s.properties || depth >= 3) return undefined;
        const out: Record<string, Json> = {};
        for (const [key, prop] of Object.entries(s.properties)) {
          const value = sample(prop, key, depth + 1);
          if (value !== undefined) out[key] = value;
        }
        return out;
      }
      default:
        return undefined;
    }
  };

  /** Paths of the leaves of a sample body: `summary`, `customer.externalRef`, `escalation.0.level`. */
  const leaves = (v: Json, prefix: string[] = []): string[][] =>
    v !== null && typeof v === 'object' && !(v instanceof Raw) && Object.keys(v).length > 0
      ? Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...leaves(x, [...prefix, k])])
      : [];
  const setAt = (base: Json, path: string[], value: Json | typeof REMOVE): Json => {
    const copy = structuredClone(base) as Record<string, Json>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
    if (value === REMOVE) delete node[path[path.length - 1]];
    else node[path[path.length - 1]] = value;
    return copy;
  };
  const REMOVE = Symbol('remove');
  /** The value with every primitive leaf passed through `f` (which may keep it). */
  const mapLeaves = (v: Json, f: (leaf: Json) => Json): Json => {
    if (Array.isArray(v)) return v.map((x) => mapLeaves(x, f));
    if (v !== null && typeof v === 'object' && !(v instanceof Raw)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapLeaves(x, f)]));
    return f(v);
  };

  const baseBody = (op: Operation): Json => {
    const base = op.bodySchema ? (sample(op.bodySchema) ?? {}) : {};
    if (op.path === '/api/v1/auth/login') (base as Record<string, Json>).email = 'nobody@fuzz.example.com';
    // The example's host is resolved (and refused) before anything else is looked at.
    if (op.path === '/api/v1/webhooks' && op.method === 'POST') (base as Record<string, Json>).url = 'http://127.0.0.1:9/fuzz';
    return base;
  };

  const bodyFor = (op: Operation): fc.Arbitrary<Json> => {
    const base = baseBody(op);
    const paths = leaves(base);
    const mutations: fc.Arbitrary<Json>[] = [
      fc.tuple(unknownKey, badValue).map(([k, v]) => ({ ...(base as object), [k]: v })),
      badValue,
      fc.constantFrom<Json>(new Raw('{"__proto__":{"isAdmin":true,"role":"admin"}}'), new Raw(`{"__proto__":null,${toJson(base).slice(1)}`), new Raw('{"a":1,"a":2}'), new Raw('')),
    ];
    if (paths.length > 0) {
      const path = fc.constantFrom(...paths);
      mutations.push(fc.tuple(path, badValue).map(([p, v]) => setAt(base, p, v)));
      const objects = paths.filter((p) => { const v = p.reduce<Json>((n, k) => (n as Record<string, Json>)[k], base); return v !== null && typeof v === 'object' && !Array.isArray(v); });
      if (objects.length > 0) mutations.push(fc.tuple(fc.constantFrom(...objects), unknownKey, badValue).map(([p, k, v]) => setAt(base, [...p, k], v)));
      mutations.push(path.map((p) => setAt(base, p, REMOVE)));
    }
    return fc.oneof(...mutations);
  };

  interface BadRequest {
    path: string;
    query: string[];
    body?: Json;
    contentType: string;
    ifMatch?: string;
    idempotencyKey?: string;
  }

  const PATH_IDS = ['not-a-uuid', '0', '-1', "1'%20OR%20'1'%3D'1", '%00', '%ED%A0%80', 'x'.repeat(3000), '..%2F..%2Fetc%2Fpasswd', '00000000-0000-0000-0000-000000000000', '%F0%9F%99%82', 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE'];
  const FIXTURE_OF: Record<string, string> = {
    users: 'user', complaints: 'complaint', customers: 'customer', 'api-keys': 'api-key', calendars: 'calendar',
    'sla-policies': 'sla-policy', webhooks: 'webhook', problems: 'problem', compensations: 'compensation',
  };
  /** The fixture's id for the first path parameter of the operation, if the spec made one. */
  const realId = (path: string): string | undefined => {
    const m = /^\/api\/v1\/([a-z-]+)\/\{/.exec(path);
    return m && FIXTURE_OF[m[1]] ? ids[FIXTURE_OF[m[1]]] : undefined;
  };
  const UNKNOWN_ID = '5b0c0a5e-6f0e-4c1a-9d3e-000000000000';
  /** The path with the fixture's id in its first parameter (else an unknown UUID) and `other` in the rest. */
  const pathWith = (op: Operation, first?: string, other = UNKNOWN_ID): string => {
    let n = 0;
    return op.path.replace(/\{[^}]+\}/g, () => (n++ === 0 ? first ?? realId(op.path) ?? UNKNOWN_ID : other));
  };
  const hasPathParams = (op: Operation) => op.path.includes('{');

  const requestFor = (op: Operation): fc.Arbitrary<BadRequest> => {
    const real = realId(op.path);
    const pathId = fc.oneof({ arbitrary: fc.constantFrom(...(real ? [real] : []), ...PATH_IDS), weight: 3 }, { arbitrary: fc.uuid(), weight: 1 });
    const pathNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const queryNames = [...new Set([...op.params.filter((p) => p.in === 'query').map((p) => p.name), ...COMMON_QUERY])];
    const hasBody = op.bodySchema !== undefined;
    return fc.record({
      path: fc.array(pathId, { minLength: pathNames.length, maxLength: pathNames.length }).map((values) => values.reduce((p, v) => p.replace(/\{[^}]+\}/, v), op.path)),
      query: fc.array(queryPart(queryNames), { maxLength: 3 }),
      body: hasBody || op.method !== 'GET' ? fc.option(bodyFor(op), { nil: undefined, freq: hasBody ? 10 : 2 }) : fc.constant(undefined),
      contentType,
      ifMatch,
      idempotencyKey,
    });
  };

  interface Case {
    name: string;
    /** The route must answer it 4xx (what is refused for every route, or what this route declares). */
    refused: boolean;
    request: BadRequest;
  }

  const SQL_TEXT = SQL[2];
  const BAD_DATE = '2026-02-30T25:61:00Z';
  const ISO_DATE = /^\d{4}-\d\d-\d\d(T|$)/;
  const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  /**
   * The catalogue every operation gets, whatever the generator draws: each kind of bad input in
   * the body (routes that take one), the query and the path, one kind per request.
   */
  const casesFor = (op: Operation): Case[] => {
    const withBody = op.method !== 'GET';
    const takesBody = op.bodySchema !== undefined;
    const base = baseBody(op);
    const strings = (f: (s: string) => Json) => mapLeaves(base, (v) => (typeof v === 'string' ? f(v) : v));
    const hasStrings = JSON.stringify(strings(() => 0)) !== JSON.stringify(base);
    const query = op.params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(p.schema ?? {}) }));
    const headers = op.params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
    const queryWhere = (test: (s: Schema, name: string) => boolean, value: string) => query.filter((q) => test(q.schema, q.name)).map((q) => `${q.name}=${enc(value)}`);
    const wrongQuery = query.flatMap(({ name, schema: s }) => {
      const wrong = s.enum?.length ? 'not-one-of-them' : s.format === 'uuid' ? 'not-a-uuid' : s.format === 'date-time' || s.format === 'date' ? BAD_DATE
        : s.type === 'integer' || s.type === 'number' ? 'abc' : s.type === 'boolean' ? 'maybe' : s.pattern ? '!\u00a7!' : undefined;
      return wrong === undefined ? [] : [`${name}=${enc(wrong)}`];
    });
    const isDateParam = (s: Schema) => s.format === 'date-time' || s.format === 'date';
    const dateQuery = queryWhere(isDateParam, BAD_DATE);
    const uuidQuery = queryWhere((s) => s.format === 'uuid', 'not-a-uuid');
    const stringQuery = (value: string) => queryWhere((s) => s.type === 'string' && !s.enum && !s.format && !s.pattern, value);
    const anyQueryName = query[0]?.name ?? 'q';
    const dates = mapLeaves(base, (v) => (typeof v === 'string' && ISO_DATE.test(v) ? BAD_DATE : v));
    const uuids = mapLeaves(base, (v) => (typeof v === 'string' && UUID_TEXT.test(v) ? 'not-a-uuid' : v));
    const firstLeaf = leaves(base)[0];
    const path = pathWith(op);
    const cases: Case[] = [];
    const add = (name: string, refused: boolean, r: Partial<BadRequest>) =>
      cases.push({ name, refused, request: { path, query: [], contentType: 'application/json', ...r } });

    const wrongTypeOf = (v: Json): Json => (typeof v === 'string' ? 12345 : typeof v === 'number' ? 'abc' : typeof v === 'boolean' ? 'yes' : v === null ? { x: 1 } : v);
    add('wrong types', (takesBody && leaves(base).length > 0) || wrongQuery.length > 0, { body: withBody ? (leaves(base).length > 0 ? mapLeaves(base, wrongTypeOf) : []) : undefined, query: wrongQuery });
    add('huge strings', false, { body: withBody ? (hasStrings ? setAt(base, leaves(base).find((p) => typeof p.reduce<Json>((n, k) => (n as Record<string, Json>)[k], base) === 'string')!, 'x'.repeat(200_000)) : { note: 'x'.repeat(200_000) }) : undefined, query: stringQuery('x'.repeat(2000)) });
    if (withBody) add('deep JSON', true, { body: firstLeaf ? setAt(base, firstLeaf, deepObject) : deepArray });
    add('NUL', true, { body: withBody ? (hasStrings ? strings((s) => `${s}\u0000`) : { 'note\u0000': 'a\u0000b' }) : undefined, query: [`${anyQueryName}=a%00b`] });
    if (withBody) add('lone surrogates', true, { body: hasStrings ? strings((s) => `${s}\ud800`) : { note: 'x\udfffy' } });
    add('SQL-looking text', hasPathParams(op), { path: hasPathParams(op) ? pathWith(op, encodeURIComponent(SQL[1]), encodeURIComponent(SQL[1])) : path, body: withBody ? strings(() => SQL_TEXT) : undefined, query: stringQuery(SQL_TEXT) });
    const uuidBody = JSON.stringify(uuids) !== JSON.stringify(base);
    add('invalid UUIDs', hasPathParams(op) || uuidQuery.length > 0 || (takesBody && uuidBody), { path: hasPathParams(op) ? pathWith(op, 'not-a-uuid', 'not-a-uuid') : path, body: withBody ? uuids : undefined, query: uuidQuery });
    const dateBody = JSON.stringify(dates) !== JSON.stringify(base);
    if (dateQuery.length > 0 || dateBody) add('invalid dates', true, { body: withBody ? dates : undefined, query: dateQuery });
    if (withBody) add('unknown field', takesBody, { body: { ...(base as object), isAdmin: true } });
    if (withBody) add('__proto__ key in the body', true, { body: new Raw(`{"__proto__":{"isAdmin":true}${toJson(base).length > 2 ? ',' + toJson(base).slice(1) : '}'}`) });
    add('__proto__ key in the query', true, { query: ['__proto__=1'], body: withBody ? base : undefined });
    if (withBody) add('text/plain body', true, { body: base, contentType: 'text/plain' });
    if (withBody) add('form body', true, { body: new Raw('isAdmin=true&role=admin'), contentType: 'application/x-www-form-urlencoded' });
    add('bad If-Match', headers.includes('if-match'), { body: withBody ? base : undefined, ifMatch: 'W/"x"' });
    add('bad Idempotency-Key', headers.includes('idempotency-key'), { body: withBody ? base : undefined, idempotencyKey: 'k'.repeat(300) });
    if (headers.includes('idempotency-key')) add('empty Idempotency-Key', true, { body: withBody ? base : undefined, idempotencyKey: ' ' });
    return cases;
  };

  const STACK = /\bat .*\.(ts|js):\d+/;
  const SQL_LEAK = /QueryFailedError|duplicate key value|violates [a-z -]*constraint|invalid input syntax|syntax error at or near|invalid byte sequence|\bFROM "[a-z_]+"|INSERT INTO "|UPDATE "[a-z_]+" SET|password_hash|pg_catalog/i;

  const send = async (op: Operation, r: BadRequest): Promise<{ res: Response; ms: number }> => {
    const url = r.query.length ? `${r.path}?${r.query.join('&')}` : r.path;
    let req = t.http()[op.method.toLowerCase() as 'get'](url).set(admin);
    if (r.ifMatch !== undefined) req = req.set('If-Match', r.ifMatch);
    if (r.idempotencyKey !== undefined) req = req.set('Idempotency-Key', r.idempotencyKey);
    if (r.body !== undefined) req = req.set('Content-Type', r.contentType).send(toJson(r.body));
    const started = Date.now();
    const res = await req;
    return { res, ms: Date.now() - started };
  };

  /** What is wrong with the answer to a bad request, or null. */
  const verdict = async (res: Response, ms: number, mustRefuse = false): Promise<string | null> => {
    const type = String(res.headers['content-type'] ?? '');
    const written = await writesSinceLast();
    if (res.status >= 500) return `answered ${res.status}`;
    if (ms > SLOW_MS) return `answered after ${ms} ms`;
    if (STACK.test(res.text)) return 'the body carries a stack trace';
    if (SQL_LEAK.test(res.text)) return 'the body carries SQL or a database error';
    if (res.status >= 400 && !type.startsWith('application/problem+json')) return `a ${res.status} as ${type || 'no content type'}`;
    const unexpected = res.status >= 400 ? written.filter((w) => !(w.split(' ')[0] in WRITES_ALLOWED_ON_4XX)) : [];
    if (unexpected.length > 0) return `a ${res.status} wrote rows: ${[...new Set(unexpected)].join(', ')}`;
    if (mustRefuse && res.status < 400) return `accepted (${res.status}) what it must refuse`;
    return null;
  };

  const describeRequest = (op: Operation, r: BadRequest) => {
    const body = r.body === undefined ? '' : toJson(r.body);
    return `${op.method} ${r.path.slice(0, 120)}${r.query.length ? '?' + r.query.join('&').slice(0, 200) : ''} [${r.contentType}${r.ifMatch !== undefined ? `, If-Match ${r.ifMatch}` : ''}${r.idempotencyKey !== undefined ? `, Idempotency-Key ${r.idempotencyKey.slice(0, 20)}` : ''}] ${JSON.stringify(body.length > 300 ? body.slice(0, 300) + `… (${body.length} chars)` : body)}`;
  };

  it('finds the operations in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/complaints', 'PATCH /api/v1/sla-policies/{id}']));
  });

  it('sees the rows a request writes, and none of a refused one', async () => {
    await writesSinceLast();
    const customer = { externalRef: `fuzz-${Date.now()}`, name: 'Fuzz', tier: 'gold' };
    await t.http().post('/api/v1/customers').set(admin).send(customer).expect(201);
    expect(await writesSinceLast()).toContain('customers INSERT');
    await t.http().post('/api/v1/customers').set(admin).send(customer).expect(409);
    expect(await writesSinceLast()).toEqual([]);
  });

  it('answers every operation with 2xx or 4xx problem+json in under 5 s, never 5xx, a stack trace or SQL; a 4xx writes nothing', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    await writesSinceLast();
    for (const op of operations) {
      for (const c of casesFor(op)) {
        const { res, ms } = await send(op, c.request);
        if (process.env.FUZZ_DEBUG) console.log(res.status, c.name, describeRequest(op, c.request).slice(0, 200), res.text.slice(0, 200));
        const problem = await verdict(res, ms, c.refused);
        if (problem) failures.push(`${c.name}: ${problem}: ${describeRequest(op, c.request)} → ${res.status} ${res.text.slice(0, 300)}`);
      }
      const property = fc.asyncProperty(requestFor(op), async (r) => {
        const { res, ms } = await send(op, r);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (process.env.FUZZ_DEBUG) console.log(res.status, describeRequest(op, r).slice(0, 200), res.text.slice(0, 200));
        const problem = await verdict(res, ms);
        if (problem) throw new Error(`${problem}: ${describeRequest(op, r)} → ${res.status} ${res.text.slice(0, 300)}`);
      });
      const details = await fc.check(property);
      if (details.failed) failures.push(String((details.errorInstance as Error | undefined)?.message ?? 'failed'));
    }
    if (process.env.FUZZ_DEBUG) console.log('statuses', Object.fromEntries(statuses));
    expect(failures).toEqual([]);
  }, 300_000);
});
