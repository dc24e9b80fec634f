import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, PageQueryDto, toPage } from '../common/pagination/cursor';
import { ApiKeyEntity } from './api-key.entity';
import { generateApiKey, parseApiKey, verifyApiKey } from './api-key-format';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.dto';

/** lastUsedAt is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(name: string, actor: Actor): Promise<CreatedApiKeyResponse> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    for (let attempt = 0; ; attempt++) {
      const generated = generateApiKey();
      const row = repo.create({ name, prefix: generated.prefix, secretHash: generated.hash, createdById: actor.type === 'user' ? actor.id : null });
      try {
        const saved = await repo.save(row);
        return { id: saved.id, name: saved.name, prefix: saved.prefix, key: generated.key, createdAt: saved.createdAt.toISOString() };
      } catch (error) {
        // A prefix collision (62^8 space) is astronomically rare; retry with a fresh key.
        if ((error as { code?: string }).code !== '23505' || attempt >= 3) throw error;
      }
    }
  }

  async list(query: PageQueryDto): Promise<Page<ApiKeyResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k');
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(k.createdAt, k.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('k.createdAt', 'DESC').addOrderBy('k.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, ApiKeyResponse.from);
  }

  /** Revokes at once: the guard looks the key up on every request. Revoking twice is a no-op. */
  async revoke(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(ApiKeyEntity).update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if (!result.affected && !(await this.dataSource.getRepository(ApiKeyEntity).existsBy({ id }))) throw AppException.notFound('API key', id);
  }

  /** The live key a presented secret belongs to, or null. */
  async verify(presented: string): Promise<ApiKeyEntity | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ prefix: parsed.prefix });
    if (!key || key.revokedAt || !verifyApiKey(presented, key.secretHash)) return null;
    await this.touch(key);
    return key;
  }

  /** Records lastUsedAt at most once a minute per key; the conditional update keeps instances from piling on. */
  private async touch(key: ApiKeyEntity): Promise<void> {
    if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.dataSource
      .query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [key.id])
      .catch(() => undefined);
  }
}
