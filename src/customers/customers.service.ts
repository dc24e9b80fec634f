import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination/cursor';
import { WriteBatch } from '../database/write-batch';
import { CustomerTier } from '../domain/customer.enums';
import { CUSTOMER_COLUMNS, CustomerEntity, customerFromRow, CustomerRow } from './customer.entity';
import { CreateCustomerDto, CustomerResponse, ListCustomersQueryDto } from './dto/customer.dto';
import { queryPrepared } from '../database/prepared-query';

/** Profile columns settable from the API, in insert order. */
const PROFILE_COLUMNS = [
  ['name', 'name', 'varchar', 'NULL'],
  ['phone', 'phone', 'varchar', 'NULL'],
  ['tier', 'tier', 'varchar', `'standard'`],
  ['valueSegment', 'value_segment', 'varchar', 'NULL'],
  ['lifecycleStage', 'lifecycle_stage', 'varchar', 'NULL'],
  ['tenureMonths', 'tenure_months', 'int', 'NULL'],
  ['creditGrade', 'credit_grade', 'smallint', 'NULL'],
  ['churnSignals', 'churn_signals', 'text[]', `'{}'`],
  ['preferredContactTime', 'preferred_contact_time', 'varchar', 'NULL'],
] as const;

@Injectable()
export class CustomersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the customer, or updates the profile fields given when the externalRef exists.
   * Fields left out keep their stored value. One statement, which also returns the tier the
   * customer had before (null for a new customer), read from the statement's snapshot: a lock
   * there would follow the row to the version this statement writes.
   */
  async upsert(manager: EntityManager, dto: CreateCustomerDto): Promise<{ customer: CustomerEntity; created: boolean; previousTier: CustomerTier | null }> {
    const params: unknown[] = [dto.externalRef];
    const insertValues: string[] = ['$1'];
    const updates: string[] = [];
    for (const [prop, column, sqlType, fallback] of PROFILE_COLUMNS) {
      const value = dto[prop];
      params.push(value === undefined ? null : value);
      const p = `$${params.length}::${sqlType}`;
      insertValues.push(`COALESCE(${p}, ${fallback})`);
      updates.push(`${column} = COALESCE(${p}, customers.${column})`);
      // Another phone number lifts the flag a wrong-number callback set on the old one.
      if (prop === 'phone') updates.push(`phone_flagged_at = CASE WHEN ${p} IS DISTINCT FROM customers.phone AND ${p} IS NOT NULL THEN NULL ELSE customers.phone_flagged_at END`);
    }
    const changed = PROFILE_COLUMNS.some(([prop]) => dto[prop] !== undefined);
    const sql = `
      WITH before AS (SELECT tier FROM customers WHERE external_ref = $1)
      INSERT INTO customers (external_ref, ${PROFILE_COLUMNS.map(([, c]) => c).join(', ')}, version)
      VALUES (${insertValues.join(', ')}, 1)
      ON CONFLICT (external_ref) DO UPDATE SET ${changed ? `${updates.join(', ')}, updated_at = now(), version = customers.version + 1` : 'external_ref = EXCLUDED.external_ref'}
      RETURNING ${CUSTOMER_COLUMNS}, (xmax = 0) AS inserted, (SELECT tier FROM before) AS previous_tier`;
    const [row]: (CustomerRow & { inserted: boolean; previous_tier: CustomerTier | null })[] = await queryPrepared(manager, sql, params);
    return { customer: customerFromRow(row), created: row.inserted, previousTier: row.previous_tier };
  }

  /** A callback found the customer's phone number wrong: flagged until another number is given. */
  flagPhone(batch: WriteBatch, customerId: string, reason: string, at: Date): void {
    batch.add(
      (p) =>
        `UPDATE customers SET phone_flagged_at = ${p(at)}, phone_flag_reason = ${p(reason.slice(0, 300))}, updated_at = ${p(at)}, version = version + 1
          WHERE id = ${p(customerId)}`,
    );
  }

  async create(dto: CreateCustomerDto, manager: EntityManager): Promise<{ customer: CustomerResponse; created: boolean }> {
    const { customer, created } = await this.upsert(manager, dto);
    return { customer: CustomerResponse.from(customer), created };
  }

  /** The customer a complaint names by id; a missing one is the request's fault (400 naming customerId). */
  async findForIntake(manager: EntityManager, id: string): Promise<CustomerEntity> {
    const [row]: CustomerRow[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = $1`, [id]);
    if (!row) throw AppException.validation([{ field: 'customerId', message: `customer ${id} does not exist` }]);
    return customerFromRow(row);
  }

  async findEntity(id: string, manager: EntityManager = this.dataSource.manager): Promise<CustomerEntity> {
    const [row]: CustomerRow[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = $1`, [id]);
    const customer = row ? customerFromRow(row) : null;
    if (!customer) throw AppException.notFound('Customer', id);
    return customer;
  }

  async get(id: string): Promise<CustomerResponse> {
    return CustomerResponse.from(await this.findEntity(id));
  }

  async list(query: ListCustomersQueryDto): Promise<Page<CustomerResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(CustomerEntity).createQueryBuilder('c');
    if (query.externalRef !== undefined) qb.andWhere('c.externalRef = :externalRef', { externalRef: query.externalRef });
    if (query.tier !== undefined) qb.andWhere('c.tier = :tier', { tier: query.tier });
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(c.createdAt, c.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, CustomerResponse.from);
  }
}
