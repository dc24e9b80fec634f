import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../common/pagination/cursor';
import { tsquerySql, tsvectorSql } from '../common/search/search-terms';
import { Param, WriteBatch } from '../database/write-batch';
import { categoryLabel, KnowledgeArticleResponse, KnowledgeSuggestionResponse, SearchKnowledgeQueryDto } from './dto/knowledge.dto';

export interface ArticleDraft {
  analysisId: string;
  complaintId: string;
  title: string;
  symptom: string;
  cause: string;
  fix: string;
  frontDeskExplanation: string;
  category: string;
  complaintCategory: string | null;
  publishedBy: string | null;
  publishedByName: string | null;
}

const COLUMNS = `a.id, a.analysis_id, a.complaint_id, a.title, a.symptom, a.cause, a.fix, a.front_desk_explanation, a.category, a.complaint_category,
                 a.published_by, a.published_at, a.updated_at, a.version`;
/** Same complaint category ranks this much higher among suggestions. */
const SAME_CATEGORY_BOOST = 1.5;
/** Ranked searches page by offset up to this many results. */
const MAX_RANKED_RESULTS = 1000;

type Row = Record<string, unknown>;

/**
 * Owns knowledge_articles: published from confirmed analyses (the root-cause module calls
 * `publish` inside its change), searched in Chinese and English, and suggested for a complaint
 * so the front desk gives one consistent explanation.
 */
@Injectable()
export class KnowledgeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The article already published from this analysis (its id and revision), if any. */
  async publishedFrom(tx: EntityManager, analysisId: string): Promise<{ id: string; version: number; publishedAt: Date } | null> {
    const [row]: { id: string; version: number; published_at: Date }[] = await tx.query(
      `SELECT id, version, published_at FROM knowledge_articles WHERE analysis_id = $1 FOR UPDATE`,
      [analysisId],
    );
    return row ? { id: row.id, version: row.version, publishedAt: row.published_at } : null;
  }

  /** Publishes (or revises) the article of an analysis as a part of the change's batch; answers it as it will be. */
  publish(batch: WriteBatch, draft: ArticleDraft, existing: { id: string; version: number; publishedAt: Date } | null, now: Date): KnowledgeArticleResponse {
    const id = existing?.id ?? randomUUID();
    const version = (existing?.version ?? 0) + 1;
    batch.add((p) => {
      const search = searchVector(p, draft);
      return existing
        ? `UPDATE knowledge_articles SET title = ${p(draft.title)}, symptom = ${p(draft.symptom)}, cause = ${p(draft.cause)}, fix = ${p(draft.fix)},
                  front_desk_explanation = ${p(draft.frontDeskExplanation)}, category = ${p(draft.category)}, complaint_category = ${p(draft.complaintCategory)},
                  search = ${search}, published_by = ${p(draft.publishedBy)}, published_by_name = ${p(draft.publishedByName)}, version = ${p(version)}, updated_at = ${p(now)}
            WHERE id = ${p(id)}`
        : `INSERT INTO knowledge_articles (id, analysis_id, complaint_id, title, symptom, cause, fix, front_desk_explanation, category, complaint_category, search,
                                          published_by, published_by_name, version, published_at, updated_at)
           VALUES (${p(id)}, ${p(draft.analysisId)}, ${p(draft.complaintId)}, ${p(draft.title)}, ${p(draft.symptom)}, ${p(draft.cause)}, ${p(draft.fix)},
                   ${p(draft.frontDeskExplanation)}, ${p(draft.category)}, ${p(draft.complaintCategory)}, ${search}, ${p(draft.publishedBy)}, ${p(draft.publishedByName)},
                   ${p(version)}, ${p(now)}, ${p(now)})`;
    });
    return toResponse({
      id,
      analysis_id: draft.analysisId,
      complaint_id: draft.complaintId,
      title: draft.title,
      symptom: draft.symptom,
      cause: draft.cause,
      fix: draft.fix,
      front_desk_explanation: draft.frontDeskExplanation,
      category: draft.category,
      complaint_category: draft.complaintCategory,
      published_by: draft.publishedBy,
      published_at: existing?.publishedAt ?? now,
      updated_at: now,
      version,
    });
  }

  async get(id: string): Promise<KnowledgeArticleResponse> {
    const [row]: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM knowledge_articles a WHERE a.id = $1`, [id]);
    if (!row) throw AppException.notFound('Knowledge article', id);
    return toResponse(row);
  }

  /**
   * `q` given: articles matching any of its terms (Chinese bigrams, English stems), best first
   * by ts_rank (title counts most), paged by offset. Without `q`: newest first, keyset-paged.
   */
  async search(query: SearchKnowledgeQueryDto): Promise<Page<KnowledgeArticleResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const p: Param = (v) => (params.push(v), `$${params.length}`);
    const where: string[] = [];
    if (query.category) where.push(`a.category = ${p(query.category)}`);
    const tsquery = query.q !== undefined ? tsquerySql(p, query.q) : null;
    if (query.q !== undefined && query.q.trim() !== '') {
      if (!tsquery) return { items: [], nextCursor: null };
      const offset = parseOffset(query.cursor);
      const rows: Row[] = await this.dataSource.query(
        `SELECT ${COLUMNS}, ts_rank(a.search, q.q) AS rank
           FROM knowledge_articles a, (SELECT ${tsquery} AS q) q
          WHERE a.search @@ q.q ${where.length ? `AND ${where.join(' AND ')}` : ''}
          ORDER BY rank DESC, a.published_at DESC, a.id DESC
          LIMIT ${p(limit + 1)} OFFSET ${p(offset)}`,
        params,
      );
      const more = rows.length > limit && offset + limit < MAX_RANKED_RESULTS;
      return { items: rows.slice(0, limit).map(toResponse), nextCursor: more ? `o${offset + limit}` : null };
    }
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(a.published_at, a.id) < (${p(after.createdAt)}, ${p(after.id)})`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM knowledge_articles a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.published_at DESC, a.id DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toResponse), nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.published_at as Date, id: last.id as string }) : null };
  }

  /**
   * The articles that best match a complaint's text (its summary first), articles from complaints
   * of the same category ranked higher. One query.
   */
  async suggest(manager: EntityManager | null, complaint: { summary: string; description: string; category: string }, limit = 3): Promise<KnowledgeSuggestionResponse[]> {
    const params: unknown[] = [];
    const p: Param = (v) => (params.push(v), `$${params.length}`);
    const tsquery = tsquerySql(p, `${complaint.summary} ${complaint.description.slice(0, 300)}`, 48);
    if (!tsquery) return [];
    const rows: { id: string; title: string; front_desk_explanation: string; category: string; rank: number }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT a.id, a.title, a.front_desk_explanation, a.category,
              ts_rank(a.search, q.q) * CASE WHEN a.complaint_category = ${p(complaint.category)} THEN ${SAME_CATEGORY_BOOST} ELSE 1 END AS rank
         FROM knowledge_articles a, (SELECT ${tsquery} AS q) q
        WHERE a.search @@ q.q
        ORDER BY rank DESC, a.published_at DESC, a.id DESC
        LIMIT ${p(limit)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, title: r.title, frontDeskExplanation: r.front_desk_explanation, category: r.category, rank: round(r.rank) }));
  }
}

/** The weighted search vector: title (A), symptom and front-desk explanation (B), cause and fix (C). */
function searchVector(p: Param, d: Pick<ArticleDraft, 'title' | 'symptom' | 'cause' | 'fix' | 'frontDeskExplanation'>): string {
  return tsvectorSql(p, [
    [d.title, 'A'],
    [`${d.symptom}\n${d.frontDeskExplanation}`, 'B'],
    [`${d.cause}\n${d.fix}`, 'C'],
  ]);
}

function parseOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o(\d{1,6})$/.exec(cursor);
  if (!m) throw AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
  return Number(m[1]);
}

const round = (x: number) => Math.round(Number(x) * 10_000) / 10_000;

function toResponse(r: Row): KnowledgeArticleResponse {
  const out: KnowledgeArticleResponse = {
    id: r.id as string,
    title: r.title as string,
    symptom: r.symptom as string,
    cause: r.cause as string,
    fix: r.fix as string,
    frontDeskExplanation: r.front_desk_explanation as string,
    category: r.category as string,
    categoryLabel: categoryLabel(r.category as string),
    complaintCategory: (r.complaint_category as string | null) ?? null,
    analysisId: (r.analysis_id as string | null) ?? null,
    complaintId: (r.complaint_id as string | null) ?? null,
    publishedBy: (r.published_by as string | null) ?? null,
    publishedAt: (r.published_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
    version: r.version as number,
  };
  if (r.rank !== undefined) out.rank = round(r.rank as number);
  return out;
}
