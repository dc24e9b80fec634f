import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { UsersService } from '../auth/users.service';
import { ApprovalLimits, AUTHORITY_ROLES, limitOf, limitsErrors, RoleLimit } from './approval-limits';
import { isKnownCurrency, PointRate } from './compensation-value';
import { ApprovalLimitsDto, ApprovalLimitsResponse, TeamBudgetDto } from './dto/settings.dto';

export interface CompensationSettings extends ApprovalLimits {
  pointRate: PointRate;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Owns compensation_settings, approval_limits and compensation_team_budgets: limits and budgets as data. */
@Injectable()
export class CompensationSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  /** Currency, point rate and every role's limits in one read. */
  async read(manager: EntityManager = this.dataSource.manager): Promise<CompensationSettings> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT s.currency, s.point_rate_points, s.point_rate_minor_units, s.version, s.updated_at, s.updated_by_name,
              COALESCE((SELECT json_agg(json_build_object('role', l.role, 'max', l.max_per_proposal::text, 'cap', l.max_per_customer_30_days::text)) FROM approval_limits l), '[]') AS limits
         FROM compensation_settings s WHERE s.id = 1`,
    );
    if (!row) throw new Error('compensation_settings has no row: run the migrations');
    const listed = (row.limits as { role: RoleLimit['role']; max: string | null; cap: string | null }[]).map((l) => ({ role: l.role, maxPerProposal: num(l.max), maxPerCustomer30Days: num(l.cap) }));
    return {
      currency: row.currency as string,
      limits: listed.sort((a, b) => AUTHORITY_ROLES.indexOf(a.role) - AUTHORITY_ROLES.indexOf(b.role)),
      pointRate: { points: row.point_rate_points as number, minorUnits: Number(row.point_rate_minor_units) },
      version: row.version as number,
      updatedAt: row.updated_at as Date,
      updatedByName: row.updated_by_name as string | null,
    };
  }

  async get(): Promise<ApprovalLimitsResponse> {
    return this.toResponse(await this.read());
  }

  /** Replaces the limits (admin). Every role of the ladder is shown, admin unlimited when left out. */
  async put(dto: ApprovalLimitsDto, actor: Actor, expectedVersion?: number): Promise<ApprovalLimitsResponse> {
    const errors = limitsErrors(dto.limits);
    if (!isKnownCurrency(dto.currency)) errors.unshift({ field: 'currency', message: `${dto.currency} is not an ISO 4217 currency code` });
    if (errors.length) throw AppException.validation(errors);
    await this.dataSource.transaction(async (tx) => {
      const [current]: { version: number }[] = await tx.query(`SELECT version FROM compensation_settings WHERE id = 1 FOR UPDATE`);
      AppException.assertVersion('approval limits', current.version, expectedVersion ?? dto.version);
      await tx.query(
        `WITH s AS (
           UPDATE compensation_settings SET currency = $1, point_rate_points = COALESCE($2, point_rate_points), point_rate_minor_units = COALESCE($3::bigint, point_rate_minor_units),
                  version = version + 1, updated_by_id = $4, updated_by_name = $5, updated_at = now() WHERE id = 1),
         d AS (DELETE FROM approval_limits WHERE role <> ALL($6::varchar[]))
         INSERT INTO approval_limits (role, max_per_proposal, max_per_customer_30_days, updated_at)
         SELECT v.role, v.max, v.cap, now() FROM unnest($6::varchar[], $7::bigint[], $8::bigint[]) AS v(role, max, cap)
         ON CONFLICT (role) DO UPDATE SET max_per_proposal = EXCLUDED.max_per_proposal, max_per_customer_30_days = EXCLUDED.max_per_customer_30_days, updated_at = now()`,
        [
          dto.currency,
          dto.pointRate?.points ?? null,
          dto.pointRate ? String(dto.pointRate.minorUnits) : null,
          actor.id,
          actor.name ?? null,
          dto.limits.map((l) => l.role),
          dto.limits.map((l) => (l.maxPerProposal === null ? null : String(l.maxPerProposal))),
          dto.limits.map((l) => (l.maxPerCustomer30Days === null ? null : String(l.maxPerCustomer30Days))),
        ],
      );
    });
    return this.get();
  }

  private toResponse(s: CompensationSettings): ApprovalLimitsResponse {
    return {
      currency: s.currency,
      limits: AUTHORITY_ROLES.map((role) => limitOf(s, role)),
      pointRate: s.pointRate,
      version: s.version,
      updatedAt: s.updatedAt.toISOString(),
      updatedBy: s.updatedByName,
    };
  }

  // ---- team budgets

  /** The team's budget for the month that starts at `month` (YYYY-MM-01); null when none is set. */
  async budgetOf(manager: EntityManager, teamId: string, month: string): Promise<number | null> {
    const [row]: { amount: string }[] = await manager.query(`SELECT amount FROM compensation_team_budgets WHERE team_id = $1 AND month = $2::date`, [teamId, month]);
    return row ? Number(row.amount) : null;
  }

  async putBudget(dto: TeamBudgetDto, actor: Actor): Promise<{ teamId: string; month: string; amount: number }> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.users.isTeamLead(tx, dto.teamId))) {
        throw AppException.validation([{ field: 'teamId', message: `teamId ${dto.teamId} is not an active supervisor or manager` }]);
      }
      await tx.query(
        `INSERT INTO compensation_team_budgets (team_id, month, amount, updated_by_id, updated_at) VALUES ($1, $2::date, $3::bigint, $4, now())
         ON CONFLICT (team_id, month) DO UPDATE SET amount = EXCLUDED.amount, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
        [dto.teamId, `${dto.month}-01`, String(dto.amount), actor.id],
      );
    });
    return { teamId: dto.teamId, month: dto.month, amount: dto.amount };
  }
}

/** First day of the UTC month of `at`, as YYYY-MM-01, and the first instant of the next month. */
export function monthOf(at: Date): { month: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { month: start.toISOString().slice(0, 10), start, end };
}
