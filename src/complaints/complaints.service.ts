import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { Actor } from '../common/actor/actor';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination/cursor';
import { Param, WriteBatch } from '../database/write-batch';
import { ComplaintChange } from './complaint-change';
import { COMPLAINT_COLUMNS, COMPLAINT_VIEW_SELECT, ComplaintFields, ComplaintView, complaintViewFromRow } from './complaint-view';
import { afterCursor, encodeListCursor, NEXT_DUE_SQL, OPEN_STATUS_SQL, orderBy } from './complaint-list-order';
import { ComplaintListItem, ComplaintResponse } from './dto/complaint.response';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';
import { OPEN_STATUSES } from './status-machine';
import { queryPrepared } from '../database/prepared-query';

/** What intake reads about the complaints table in one round trip. */
export interface IntakeFacts {
  repeatOf: string | null;
  referenceSeq: string;
}

export type NewComplaint = Omit<ComplaintFields, 'version' | 'updatedAt'>;

/**
 * Owns the complaints table: the only writer of a complaint row (insert, the named operations
 * of ComplaintChange, and the set-based SLA outcomes), and its reads.
 */
@Injectable()
export class ComplaintsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- reads

  async get(id: string): Promise<ComplaintResponse> {
    return ComplaintResponse.from(await this.findView(this.dataSource.manager, id));
  }

  async findView(manager: EntityManager, id: string): Promise<ComplaintView> {
    const [row] = await queryPrepared<Record<string, unknown>[]>(manager, `${COMPLAINT_VIEW_SELECT} WHERE c.id = $1`, [id]);
    if (!row) throw AppException.notFound('Complaint', id);
    return complaintViewFromRow(row);
  }

  async exists(id: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM complaints WHERE id = $1`, [id]);
    if (rows.length === 0) throw AppException.notFound('Complaint', id);
  }

  /**
   * The list and the look-ups, as one query whatever the filters: each item with its owner,
   * its next promise and the last customer-visible note (a lateral probe of
   * ix_complaint_events_customer_notes per row). `me` is the caller.
   */
  async list(query: ListComplaintsQueryDto, caller?: Actor): Promise<Page<ComplaintListItem>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sort = query.sort ?? '-createdAt';
    const params: unknown[] = [];
    const p: Param = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const me = (field: string, value: string) => {
      if (value !== 'me') return value;
      if (!caller?.id) throw AppException.validation([{ field, message: `${field}=me needs a signed-in caller` }]);
      return caller.id;
    };
    const where: string[] = [];
    if (query.status !== undefined) where.push(`c.status = ${p(query.status)}`);
    if (query.severity !== undefined) where.push(`c.severity = ${p(query.severity)}`);
    if (query.priority !== undefined) where.push(`c.priority = ${p(query.priority)}`);
    if (query.assigneeId !== undefined) where.push(`c.assignee_id = ${p(me('assigneeId', query.assigneeId))}`);
    if (query.takenInBy !== undefined) where.push(`c.intake_actor_id = ${p(me('takenInBy', query.takenInBy))}`);
    if (query.customerId !== undefined) where.push(`c.customer_id = ${p(query.customerId)}`);
    if (query.category !== undefined) where.push(`c.category = ${p(query.category)}`);
    if (query.channel !== undefined) where.push(`c.channel = ${p(query.channel)}`);
    if (query.customerTier !== undefined) where.push(`cu.tier = ${p(query.customerTier)}`);
    if (query.reference !== undefined) where.push(`c.reference = ${p(query.reference.toUpperCase())}`);
    if (query.phone !== undefined) {
      // The caller's number: the customer's phone or externalRef (each has its index).
      const phone = p(query.phone.trim());
      where.push(`c.customer_id IN (SELECT id FROM customers WHERE phone = ${phone} UNION ALL SELECT id FROM customers WHERE external_ref = ${phone})`);
    }
    if (query.breached !== undefined) where.push(query.breached ? 'c.sla_breached' : 'NOT c.sla_breached');
    if (query.escalationLevel !== undefined) where.push(`c.escalation_level = ${p(query.escalationLevel)}`);
    if (query.createdFrom !== undefined) where.push(`c.created_at >= ${p(new Date(query.createdFrom))}`);
    if (query.createdTo !== undefined) where.push(`c.created_at < ${p(new Date(query.createdTo))}`);
    if (query.dueBefore !== undefined || sort === 'dueAt') where.push(OPEN_STATUS_SQL);
    if (query.dueBefore !== undefined) where.push(`${NEXT_DUE_SQL} < ${p(new Date(query.dueBefore))}`);
    const after = afterCursor(sort, query.cursor, p);
    if (after) where.push(after);
    const rows: Record<string, unknown>[] = await queryPrepared(
      this.dataSource.manager,
      `${COMPLAINT_VIEW_SELECT.replace(' FROM complaints c', `, ${NEXT_DUE_SQL} AS next_due, ow.name AS owner_name, n.data ->> 'body' AS note_body, n.at AS note_at, n.actor_name AS note_by
  FROM complaints c`)}
       LEFT JOIN users ow ON ow.id = c.assignee_id
       LEFT JOIN LATERAL (SELECT e.data, e.at, e.actor_name FROM complaint_events e
                           WHERE e.complaint_id = c.id AND e.type = 'note_added' AND (e.data ->> 'visibility') = 'customer'
                           ORDER BY e.seq DESC LIMIT 1) n ON true
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy(sort)} LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const items = page.map(listItemFromRow);
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeListCursor(sort, { id: String(last.id), createdAt: last.created_at as Date, priority: String(last.priority), nextDue: last.next_due as Date | null })
          : null,
    };
  }

  async customerExists(id: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM customers WHERE id = $1`, [id]);
    if (rows.length === 0) throw AppException.notFound('Customer', id);
  }

  /** One complaint by its reference, as lists show it. */
  async byReference(reference: string): Promise<ComplaintListItem> {
    const page = await this.list({ reference, limit: 1 });
    if (page.items.length === 0) throw AppException.notFound('Complaint with reference', reference);
    return page.items[0];
  }

  // ---- intake

  /** The repeat candidate (same customer and category within the window) and the next reference number. */
  async intakeFacts(tx: EntityManager, input: { customerId: string; category: string; receivedAt: Date; repeatWindowDays: number }): Promise<IntakeFacts> {
    const repeat =
      input.repeatWindowDays > 0
        ? `(SELECT id FROM complaints
             WHERE customer_id = $1 AND category = $2
               AND received_at >= $3::timestamptz - make_interval(days => $4) AND received_at <= $3::timestamptz
             ORDER BY received_at DESC LIMIT 1)`
        : 'NULL::uuid';
    const [row]: { repeat_of: string | null; seq: string }[] = await queryPrepared(
      tx,
      `SELECT ${repeat} AS repeat_of, nextval('complaint_reference_seq') AS seq`,
      input.repeatWindowDays > 0 ? [input.customerId, input.category, input.receivedAt, input.repeatWindowDays] : [],
    );
    return { repeatOf: row.repeat_of, referenceSeq: row.seq };
  }

  insert(batch: WriteBatch, complaint: NewComplaint): void {
    const fields = Object.keys(COMPLAINT_COLUMNS).filter((f) => f !== 'version' && f !== 'updatedAt') as (keyof NewComplaint)[];
    batch.add(
      (p) =>
        `INSERT INTO complaints (${fields.map((f) => COMPLAINT_COLUMNS[f]).join(', ')}, updated_at, version)
         VALUES (${fields.map((f) => p(complaint[f])).join(', ')}, ${p(complaint.createdAt)}, 1)`,
    );
  }

  // ---- changes

  /** Locks the complaint for a change and checks the caller's expected version. */
  async lockForChange(tx: EntityManager, id: string, expectedVersion?: number): Promise<ComplaintView> {
    const [row] = await queryPrepared<Record<string, unknown>[]>(tx, `${COMPLAINT_VIEW_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    if (!row) throw AppException.notFound('Complaint', id);
    const view = complaintViewFromRow(row);
    AppException.assertVersion('complaint', view.version, expectedVersion);
    return view;
  }

  /** The customer's open complaints, locked (their deadlines follow the customer's tier). */
  async lockOpenOfCustomer(tx: EntityManager, customerId: string): Promise<ComplaintView[]> {
    const rows: Record<string, unknown>[] = await tx.query(`${COMPLAINT_VIEW_SELECT} WHERE c.customer_id = $1 AND c.status = ANY($2) ORDER BY c.id FOR UPDATE OF c`, [
      customerId,
      OPEN_STATUSES,
    ]);
    return rows.map(complaintViewFromRow);
  }

  /** Writes a change's patch in one UPDATE (the version rule is ComplaintChange's). */
  save(batch: WriteBatch, change: ComplaintChange, at: Date): ComplaintView {
    if (!change.changed) return change.before;
    const entries = Object.entries(change.patch) as [keyof ComplaintFields, unknown][];
    batch.add(
      (p) =>
        `UPDATE complaints SET ${entries.map(([field, value]) => `${COMPLAINT_COLUMNS[field]} = ${p(value)}, `).join('')}
                updated_at = ${p(at)}, version = version + ${change.bumpsVersion ? 1 : 0}
          WHERE id = ${p(change.before.id)}`,
    );
    return change.written(at);
  }

  /**
   * Deadline outcomes of many complaints at once (the deadline sweep): a missed deadline marks
   * the complaint breached, an escalation step raises its level. System-made: the version stays.
   */
  recordSlaOutcomes(batch: WriteBatch, outcomes: { complaintId: string; breached: boolean; escalationLevel: number }[]): void {
    if (outcomes.length === 0) return;
    batch.add(
      (p) =>
        `UPDATE complaints c
            SET sla_breached = c.sla_breached OR v.breached, escalation_level = GREATEST(c.escalation_level, v.level)
           FROM unnest(${p(outcomes.map((o) => o.complaintId))}::uuid[], ${p(outcomes.map((o) => o.breached))}::boolean[], ${p(outcomes.map((o) => o.escalationLevel))}::int[]) AS v(id, breached, level)
          WHERE c.id = v.id AND (v.breached AND NOT c.sla_breached OR v.level > c.escalation_level)`,
    );
  }
}

/** What was promised next, and by when (pure). */
export function promisedOf(c: Pick<ComplaintView, 'status' | 'acknowledgeBy' | 'resolveBy' | 'desiredOutcome'>): ComplaintListItem['promised'] {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  if (c.status === 'new') return { what: 'first_response', by: iso(c.acknowledgeBy), desiredOutcome: c.desiredOutcome };
  if (OPEN_STATUSES.includes(c.status)) return { what: 'resolution', by: iso(c.resolveBy), desiredOutcome: c.desiredOutcome };
  return { what: null, by: null, desiredOutcome: c.desiredOutcome };
}

function listItemFromRow(row: Record<string, unknown>): ComplaintListItem {
  const view = complaintViewFromRow(row);
  return {
    ...ComplaintResponse.from(view),
    owner: view.assigneeId ? { id: view.assigneeId, name: (row.owner_name as string | null) ?? null } : null,
    promised: promisedOf(view),
    lastCustomerNote: row.note_at ? { body: String(row.note_body ?? ''), at: new Date(row.note_at as string).toISOString(), by: (row.note_by as string | null) ?? null } : null,
  };
}
