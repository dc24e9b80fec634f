import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../common/pagination/cursor';
import { tsquerySql, tsvectorSql } from '../common/search/search-terms';
import { Param } from '../database/write-batch';
import { CUSTOMER_TIERS } from '../domain/customer.enums';
import { rootCauseCategoriesFor } from '../domain/root-cause';
import { categoryLabel } from '../knowledge/dto/knowledge.dto';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ComplaintWorkflowService } from '../workflow/complaint-workflow.service';
import { actionFromRow } from './analysis-record';
import {
  CreateProblemDto,
  LinkComplaintDto,
  ListProblemsQueryDto,
  ProblemDetailResponse,
  ProblemLinkResponse,
  ProblemResponse,
  SimilarProblemResponse,
  UpdateProblemDto,
} from './dto/problem.dto';

type Row = Record<string, unknown>;
const PROBLEM_COLUMNS = `p.id, p.title, p.description, p.category, p.root_cause, p.status, p.created_by, p.version, p.created_at, p.updated_at,
       (SELECT count(*)::int FROM problem_complaints pc WHERE pc.problem_id = p.id) AS complaint_count`;
/** A problem whose category the complaint points to ranks this much higher among similar problems. */
const SAME_CATEGORY_BOOST = 2;

/**
 * Owns problems and problem_complaints: one problem shared by many complaints. Linking a
 * complaint is a change of that complaint (timeline event `problem_linked`).
 */
@Injectable()
export class ProblemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly workflow: ComplaintWorkflowService,
  ) {}

  async create(dto: CreateProblemDto, actor: Actor, idempotencyKey?: string): Promise<ProblemResponse> {
    const result = await this.unitOfWork.run<ProblemResponse>(
      async (_tx, batch) => {
        const now = new Date();
        const problem = {
          id: randomUUID(),
          title: dto.title.trim(),
          description: dto.description?.trim() || null,
          category: dto.category,
          root_cause: dto.rootCause?.trim() || null,
          status: 'open',
          created_by: actor.id,
          version: 1,
          created_at: now,
          updated_at: now,
          complaint_count: 0,
        };
        batch.add(
          (p) =>
            `INSERT INTO problems (id, title, description, category, root_cause, status, search, created_by, version, created_at, updated_at)
             VALUES (${p(problem.id)}, ${p(problem.title)}, ${p(problem.description)}, ${p(problem.category)}, ${p(problem.root_cause)}, 'open',
                     ${searchVector(p, problem)}, ${p(actor.id)}, 1, ${p(now)}, ${p(now)})`,
        );
        return { status: 201, body: problemFromRow(problem) };
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /problems`, body: dto },
    );
    return result.body;
  }

  async update(id: string, dto: UpdateProblemDto, ifMatch?: number): Promise<ProblemResponse> {
    return (
      await this.unitOfWork.run<ProblemResponse>(async (tx, batch) => {
        const [row]: Row[] = await tx.query(`SELECT ${PROBLEM_COLUMNS} FROM problems p WHERE p.id = $1 FOR UPDATE OF p`, [id]);
        if (!row) throw AppException.notFound('Problem', id);
        AppException.assertVersion('problem', row.version as number, ifMatch ?? dto.version);
        const now = new Date();
        const next = {
          ...row,
          title: dto.title?.trim() ?? row.title,
          description: dto.description !== undefined ? dto.description.trim() || null : row.description,
          root_cause: dto.rootCause !== undefined ? dto.rootCause.trim() || null : row.root_cause,
          status: dto.status ?? row.status,
          version: (row.version as number) + 1,
          updated_at: now,
        };
        batch.add(
          (p) =>
            `UPDATE problems SET title = ${p(next.title)}, description = ${p(next.description)}, root_cause = ${p(next.root_cause)}, status = ${p(next.status)},
                    search = ${searchVector(p, next as { title: string; root_cause: string | null; description: string | null })}, version = version + 1, updated_at = ${p(now)}
              WHERE id = ${p(id)}`,
        );
        return { status: 200, body: problemFromRow(next) };
      })
    ).body;
  }

  async list(query: ListProblemsQueryDto): Promise<Page<ProblemResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const p: Param = (v) => (params.push(v), `$${params.length}`);
    const where: string[] = [];
    if (query.status) where.push(`p.status = ${p(query.status)}`);
    if (query.category) where.push(`p.category = ${p(query.category)}`);
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(p.created_at, p.id) < (${p(after.createdAt)}, ${p(after.id)})`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${PROBLEM_COLUMNS} FROM problems p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.created_at DESC, p.id DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(problemFromRow), nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at as Date, id: last.id as string }) : null };
  }

  /** The problem with its linked complaints (their customers' tiers), the count by tier, and its actions; one query. */
  async get(id: string): Promise<ProblemDetailResponse> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT ${PROBLEM_COLUMNS},
              (SELECT coalesce(json_agg(json_build_object('id', c.id, 'reference', c.reference, 'status', c.status, 'severity', c.severity, 'summary', c.summary,
                                                          'customerId', cu.id, 'tier', cu.tier, 'linkedAt', pc.linked_at) ORDER BY pc.linked_at, c.id), '[]')
                 FROM problem_complaints pc JOIN complaints c ON c.id = pc.complaint_id JOIN customers cu ON cu.id = c.customer_id
                WHERE pc.problem_id = p.id) AS complaints,
              (SELECT coalesce(json_agg(x ORDER BY x.due_at, x.id), '[]') FROM root_cause_actions x WHERE x.problem_id = p.id) AS actions
         FROM problems p WHERE p.id = $1`,
      [id],
    );
    if (!row) throw AppException.notFound('Problem', id);
    const complaints = (row.complaints as Row[]).map((c) => ({
      id: c.id as string,
      reference: c.reference as string,
      status: c.status as string,
      severity: c.severity as string,
      summary: c.summary as string,
      customer: { id: c.customerId as string, tier: c.tier as string },
      linkedAt: new Date(c.linkedAt as string).toISOString(),
    }));
    const countByTier = Object.fromEntries(CUSTOMER_TIERS.map((t) => [t, complaints.filter((c) => c.customer.tier === t).length]));
    return { ...problemFromRow(row), complaints, countByTier, actions: (row.actions as Row[]).map((a) => actionFromRow(a)) };
  }

  /** Links a complaint to a problem as a change of the complaint; linking again changes nothing. */
  async link(problemId: string, dto: LinkComplaintDto, actor: Actor): Promise<{ created: boolean; link: ProblemLinkResponse }> {
    const link = (await this.workflow.change<ProblemLinkResponse>(dto.complaintId, undefined, async (ctx) => {
      const [problem]: { title: string; category: string; linked_at: Date | null }[] = await ctx.tx.query(
        `SELECT p.title, p.category, pc.linked_at FROM problems p LEFT JOIN problem_complaints pc ON pc.problem_id = p.id AND pc.complaint_id = $2 WHERE p.id = $1 FOR SHARE OF p`,
        [problemId, dto.complaintId],
      );
      if (!problem) throw AppException.notFound('Problem', problemId);
      if (problem.linked_at) return { problemId, complaintId: dto.complaintId, linkedAt: new Date(problem.linked_at).toISOString(), created: false };
      ctx.batch.add(
        (p) => `INSERT INTO problem_complaints (problem_id, complaint_id, linked_by, linked_at) VALUES (${p(problemId)}, ${p(dto.complaintId)}, ${p(actor.id)}, ${p(ctx.now)})`,
      );
      ctx.events.push({ complaintId: dto.complaintId, type: 'problem_linked', actor, at: ctx.now, data: { problemId, title: problem.title, category: problem.category } });
      return { problemId, complaintId: dto.complaintId, linkedAt: ctx.now.toISOString(), created: true };
    })) as ProblemLinkResponse;
    return { created: link.created, link };
  }

  /**
   * Open problems whose text is similar to the complaint's (Chinese bigrams, English stems),
   * those of a category the complaint points to (its analysis's, or what its complaint category
   * usually means) first; one query.
   */
  async similarFor(complaint: { id: string; summary: string; description: string; category: string }, analysisCategory: string | null, limit = 5): Promise<SimilarProblemResponse[]> {
    const params: unknown[] = [];
    const p: Param = (v) => (params.push(v), `$${params.length}`);
    const tsquery = tsquerySql(p, `${complaint.summary} ${complaint.description.slice(0, 300)}`, 48);
    if (!tsquery) return [];
    const categories = [...new Set([...(analysisCategory ? [analysisCategory] : []), ...rootCauseCategoriesFor(complaint.category)])];
    const rows: Row[] = await this.dataSource.query(
      `SELECT p.id, p.title, p.category, p.root_cause,
              (SELECT count(*)::int FROM problem_complaints pc WHERE pc.problem_id = p.id) AS complaint_count,
              p.category = ANY(${p(categories)}::varchar[]) AS same_category,
              ts_rank(p.search, q.q) * CASE WHEN p.category = ANY(${p(categories)}::varchar[]) THEN ${SAME_CATEGORY_BOOST} ELSE 1 END AS rank
         FROM problems p, (SELECT ${tsquery} AS q) q
        WHERE p.status = 'open' AND p.search @@ q.q
          AND NOT EXISTS (SELECT 1 FROM problem_complaints pc WHERE pc.problem_id = p.id AND pc.complaint_id = ${p(complaint.id)})
        ORDER BY rank DESC, p.created_at DESC, p.id DESC
        LIMIT ${p(limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      title: r.title as string,
      category: r.category as string,
      categoryLabel: categoryLabel(r.category as string),
      rootCause: (r.root_cause as string | null) ?? null,
      complaintCount: r.complaint_count as number,
      sameCategory: r.same_category as boolean,
      rank: Math.round(Number(r.rank) * 10_000) / 10_000,
    }));
  }
}

function searchVector(p: Param, problem: { title: string; root_cause: string | null; description: string | null }): string {
  return tsvectorSql(p, [
    [problem.title, 'A'],
    [problem.root_cause, 'B'],
    [problem.description, 'C'],
  ]);
}

function problemFromRow(r: Row): ProblemResponse {
  return {
    id: r.id as string,
    title: r.title as string,
    description: (r.description as string | null) ?? null,
    category: r.category as string,
    categoryLabel: categoryLabel(r.category as string),
    rootCause: (r.root_cause as string | null) ?? null,
    status: r.status as string,
    createdBy: (r.created_by as string | null) ?? null,
    complaintCount: (r.complaint_count as number) ?? 0,
    version: r.version as number,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
