/**
 * Knowledge search at scale: seeds N articles (Chinese and English, built from a phrase bank)
 * into the database of DATABASE_URL (migrated; use a scratch database), then times ranked
 * searches and prints their plans' index use. Usage:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch npx ts-node --transpile-only scripts/bench-knowledge.ts 20000
 */
import { Client } from 'pg';
import { tsquerySql, tsvectorSql } from '../src/common/search/search-terms';

// A bank of 3000 two-character Chinese words and 3000 English-like words, so a term is as selective as in real text.
const HAN = Array.from({ length: 2500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)));
const ZH = Array.from({ length: 3000 }, (_, i) => HAN[(i * 31) % HAN.length] + HAN[(i * 17 + 5) % HAN.length]);
const SYL = ['ba', 'co', 'de', 'fi', 'go', 'hu', 'ka', 'lo', 'mi', 'ne', 'po', 'ra', 'si', 'tu', 've', 'zo'];
const EN = Array.from({ length: 3000 }, (_, i) => SYL[i % 16] + SYL[(i >> 4) % 16] + SYL[(i >> 8) % 16] + 'x');
const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(Math.random() * xs.length)]);

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20000);
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const t0 = Date.now();
  for (let i = 0; i < n; i += 500) {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const rows = Array.from({ length: Math.min(500, n - i) }, () => {
      const title = `${pick(ZH, 3).join('')} ${pick(EN, 3).join(' ')}`;
      const body = `${pick(ZH, 12).join('')}. ${pick(EN, 12).join(' ')}`;
      return `(${p(title)}, ${p(body)}, ${p(body)}, ${p(body)}, ${p(body)}, 'product', ${tsvectorSql(p, [[title, 'A'], [body, 'B'], [body, 'C']])})`;
    });
    await db.query(`INSERT INTO knowledge_articles (title, symptom, cause, fix, front_desk_explanation, category, search) VALUES ${rows.join(', ')}`, params);
  }
  await db.query('ANALYZE knowledge_articles');
  console.log(`seeded ${n} articles in ${Date.now() - t0} ms`);
  for (const q of [ZH[1], ZH[2] + ZH[3], EN[1], `${EN[2]} ${EN[3]}`, `${ZH[4]}${ZH[5]} ${EN[4]}`]) {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const sql = `SELECT a.id, ts_rank(a.search, q.q) AS rank FROM knowledge_articles a, (SELECT ${tsquerySql(p, q)} AS q) q WHERE a.search @@ q.q ORDER BY rank DESC, a.published_at DESC, a.id DESC LIMIT 20`;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = process.hrtime.bigint();
      await db.query(sql, params);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN ${sql}`, params).then((r) => r.rows);
    const countParams: unknown[] = [];
    const cp = (v: unknown) => (countParams.push(v), `$${countParams.length}`);
    const [{ count }] = (await db.query(`SELECT count(*)::int AS count FROM knowledge_articles a, (SELECT ${tsquerySql(cp, q)} AS q) q WHERE a.search @@ q.q`, countParams)).rows;
    times.sort((a, b) => a - b);
    console.log(`${q.padEnd(24)} matches ${String(count).padStart(6)}  p50 ${times[5].toFixed(1)} ms  max ${times[9].toFixed(1)} ms  GIN: ${plan.some((r) => r['QUERY PLAN'].includes('ix_knowledge_articles_search'))}`);
  }
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
