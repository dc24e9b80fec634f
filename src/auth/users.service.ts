import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StaffRole } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination/cursor';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponse } from './dto/user.dto';
import { LoginThrottleService } from './login-throttle.service';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Roles whose members may supervise others (escalations go to the assignee's supervisor). */
export const SUPERVISING_ROLES: readonly StaffRole[] = ['supervisor', 'manager'];

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** A taken email is 409 naming `email` (the problem filter maps the unique violation). */
  async create(dto: CreateUserDto): Promise<UserResponse> {
    const email = normaliseEmail(dto.email);
    if (dto.supervisorId) await this.requireSupervisor(this.dataSource.manager, dto.supervisorId);
    const passwordHash = await hashPassword(dto.password);
    const repo = this.dataSource.getRepository(UserEntity);
    const saved = await repo.save(repo.create({ email, name: dto.name, role: dto.role, supervisorId: dto.supervisorId ?? null, active: true, passwordHash }));
    return this.get(saved.id);
  }

  /**
   * An admin's change of name, role, supervisor, active flag or password, under a row lock;
   * `expectedVersion` (If-Match) makes it optimistic. Role and active take effect on the
   * user's next request. The last active admin cannot be demoted or deactivated.
   */
  async update(id: string, dto: UpdateUserDto, expectedVersion?: number): Promise<UserResponse> {
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    const email = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppException.notFound('User', id);
      AppException.assertVersion('user', user.version, expectedVersion);
      if (dto.supervisorId) {
        if (dto.supervisorId === id) throw AppException.validation([{ field: 'supervisorId', message: 'a user cannot supervise themselves' }]);
        await this.requireSupervisor(manager, dto.supervisorId);
      }
      const role = dto.role ?? user.role;
      const active = dto.active ?? user.active;
      if (user.role === 'admin' && user.active && (role !== 'admin' || !active)) await this.keepAnAdmin(manager, id);
      const patch: Partial<UserEntity> = {};
      if (dto.name !== undefined && dto.name !== user.name) patch.name = dto.name;
      if (role !== user.role) patch.role = role;
      if (dto.supervisorId !== undefined && dto.supervisorId !== user.supervisorId) patch.supervisorId = dto.supervisorId;
      if (active !== user.active) patch.active = active;
      if (passwordHash !== undefined) patch.passwordHash = passwordHash;
      if (Object.keys(patch).length > 0) await manager.update(UserEntity, { id }, { ...patch, version: user.version + 1 });
      return user.email;
    });
    // A reset password also lifts a lock of the account after failed logins.
    if (passwordHash !== undefined) await this.throttle.reset(email);
    return this.get(id);
  }

  /** 400 naming supervisorId unless it is an active supervisor or manager. */
  private async requireSupervisor(manager: EntityManager, supervisorId: string): Promise<void> {
    const supervisor = await manager.findOneBy(UserEntity, { id: supervisorId });
    if (!supervisor || !supervisor.active || !SUPERVISING_ROLES.includes(supervisor.role)) {
      const why = !supervisor ? 'does not exist' : !supervisor.active ? 'is deactivated' : `is a ${supervisor.role}`;
      throw AppException.validation([{ field: 'supervisorId', message: `supervisorId must be an active supervisor or manager; user ${supervisorId} ${why}` }]);
    }
  }

  /** 409 when `id` is the only active admin: someone must be able to administer the service. */
  private async keepAnAdmin(manager: EntityManager, id: string): Promise<void> {
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM (SELECT id FROM users WHERE role = 'admin' AND active AND id <> $1 FOR UPDATE) a`,
      [id],
    );
    if (n === 0) throw new AppException(ErrorCode.CONFLICT, 'This is the last active admin; make another user admin first');
  }

  async get(id: string): Promise<UserResponse> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw AppException.notFound('User', id);
    return UserResponse.from(user);
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    if (query.role !== undefined) qb.andWhere('u.role = :role', { role: query.role });
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(u.createdAt, u.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, UserResponse.from);
  }

  /** Deactivation takes effect on the very next request: the guard reads `active` every time. */
  async setActive(id: string, active: boolean): Promise<UserResponse> {
    return this.update(id, { active });
  }

  /** True when `id` is an active user (used to validate assignees). */
  static async isActiveUser(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.getRepository(UserEntity).countBy({ id, active: true })) > 0;
  }

  /**
   * The team a user works in: their supervisor's id, or their own when they lead a team
   * (a supervisor or manager without a supervisor); null when neither.
   */
  async teamOf(manager: EntityManager, userId: string | null): Promise<string | null> {
    if (userId === null) return null;
    const [row]: { id: string; role: string; supervisor_id: string | null }[] = await manager.query(`SELECT id, role, supervisor_id FROM users WHERE id = $1`, [userId]);
    if (!row) return null;
    return row.supervisor_id ?? (row.role === 'supervisor' || row.role === 'manager' ? row.id : null);
  }

  /** Whether this id is an active user who can lead a team (supervisor or manager). */
  async isTeamLead(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND active AND role IN ('supervisor', 'manager')`, [id]);
    return rows.length > 0;
  }

  /** Whether this id is an active user (an assignee must be one). */
  async isActive(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND active`, [id]);
    return rows.length > 0;
  }
}
