import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination/cursor';
import { CreateUserDto, ListUsersQueryDto, UserResponse } from './dto/user.dto';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const email = normaliseEmail(dto.email);
    if (dto.supervisorId) {
      const supervisor = await this.dataSource.getRepository(UserEntity).findOneBy({ id: dto.supervisorId });
      if (!supervisor) throw AppException.validation([{ field: 'supervisorId', message: `user ${dto.supervisorId} does not exist` }]);
    }
    const passwordHash = await hashPassword(dto.password);
    try {
      const saved = await this.dataSource.getRepository(UserEntity).save(
        this.dataSource.getRepository(UserEntity).create({ email, name: dto.name, role: dto.role, supervisorId: dto.supervisorId ?? null, active: true, passwordHash }),
      );
      return this.get(saved.id);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') {
        throw new AppException(ErrorCode.CONFLICT, `A user with email ${email} exists`);
      }
      throw error;
    }
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
    const repo = this.dataSource.getRepository(UserEntity);
    const user = await repo.findOneBy({ id });
    if (!user) throw AppException.notFound('User', id);
    if (user.active !== active) {
      user.active = active;
      await repo.save(user);
    }
    return this.get(id);
  }

  /** True when `id` is an active user (used to validate assignees). */
  static async isActiveUser(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.getRepository(UserEntity).countBy({ id, active: true })) > 0;
  }

  /** Whether this id is an active user (an assignee must be one). */
  async isActive(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND active`, [id]);
    return rows.length > 0;
  }
}
