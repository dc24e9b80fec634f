import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination/cursor';
import { AppConfig } from '../config/app-config';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { ComplaintTriageEntity } from '../triage/complaint-triage.entity';
import { derivePriority } from '../domain/priority';
import { formatComplaintReference } from './complaint-reference';
import { OPEN_STATUSES } from './status-machine';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintLifecycleHooks } from './complaint-lifecycle.hooks';
import { ComplaintResponse, ComplaintWithTriage } from './dto/complaint.response';
import { CreateComplaintDto } from './dto/create-complaint.dto';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';
import { TimelineService } from './timeline.service';

/** Intake and reads of complaints. Changes to existing complaints live in ComplaintWorkflowService. */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly timeline: TimelineService,
    private readonly hooks: ComplaintLifecycleHooks,
    private readonly config: AppConfig,
  ) {}

  /**
   * Takes a complaint in, inside the caller's transaction. Returns the new complaint and the
   * ids of the customer's other open complaints whose deadlines moved because the intake
   * changed the customer's tier (their jobs are rescheduled after commit).
   */
  async intake(manager: EntityManager, dto: CreateComplaintDto, actor: Actor, now = new Date()): Promise<{ complaint: ComplaintEntity; reprioritized: string[] }> {
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + 5_000) {
      throw AppException.validation([{ field: 'receivedAt', message: 'receivedAt cannot be in the future' }]);
    }
    const upserted = dto.customer ? await this.customers.upsert(manager, dto.customer) : null;
    const customer = upserted?.customer ?? (await this.requireCustomer(manager, dto.customerId!));
    const tierChanged = upserted?.previousTier != null && upserted.previousTier !== customer.tier;
    const reprioritized = tierChanged ? await this.reprioritizeOpenComplaints(manager, customer, `customer tier ${upserted!.previousTier} → ${customer.tier}`, actor, now) : [];
    const severity = dto.severity ?? 'ordinary';
    const repeatOf = await this.findRepeatOf(manager, customer.id, dto.category, receivedAt);
    const [{ seq }]: { seq: string }[] = await manager.query(`SELECT nextval('complaint_reference_seq') AS seq`);

    const complaint = manager.create(ComplaintEntity, {
      reference: formatComplaintReference(receivedAt.getUTCFullYear(), seq),
      customerId: customer.id,
      channel: dto.channel,
      category: dto.category,
      summary: dto.summary,
      description: dto.description,
      desiredOutcome: dto.desiredOutcome ?? null,
      severity,
      priority: derivePriority({ severity, customerTier: customer.tier, valueSegment: customer.valueSegment ?? undefined, creditGrade: customer.creditGrade }).priority,
      status: 'new',
      // First-contact responsibility: the staff member who takes it in owns it until it is assigned on.
      assigneeId: actor.type === 'user' ? actor.id : null,
      intakeActorType: actor.type,
      intakeActorId: actor.id,
      repeatOf,
      isRepeat: repeatOf !== null,
      receivedAt,
    });
    await manager.save(complaint);
    complaint.customer = customer;
    await this.timeline.record(manager, complaint.id, 'created', actor, {
      reference: complaint.reference,
      channel: complaint.channel,
      category: complaint.category,
      severity: complaint.severity,
      priority: complaint.priority,
      repeatOf,
      receivedAt: receivedAt.toISOString(),
    });
    await this.hooks.afterIntake(manager, complaint, customer, actor, now);
    return { complaint, reprioritized };
  }

  /** The customer's tier changed: every open complaint of theirs gets its deadlines recomputed. */
  private async reprioritizeOpenComplaints(manager: EntityManager, customer: CustomerEntity, reason: string, actor: Actor, now: Date): Promise<string[]> {
    const open = await manager
      .createQueryBuilder(ComplaintEntity, 'c')
      .where('c.customerId = :customerId', { customerId: customer.id })
      .andWhere('c.status IN (:...statuses)', { statuses: OPEN_STATUSES })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    for (const complaint of open) {
      complaint.customer = customer;
      await this.hooks.afterReprioritized(manager, complaint, reason, actor, now);
    }
    return open.map((c) => c.id);
  }

  private async requireCustomer(manager: EntityManager, id: string): Promise<CustomerEntity> {
    const customer = await manager.findOneBy(CustomerEntity, { id });
    if (!customer) throw AppException.validation([{ field: 'customerId', message: `customer ${id} does not exist` }]);
    return customer;
  }

  /** The latest earlier complaint of the same customer in the same category within the repeat window. */
  private async findRepeatOf(manager: EntityManager, customerId: string, category: string, receivedAt: Date): Promise<string | null> {
    const days = this.config.get('REPEAT_WINDOW_DAYS');
    if (days <= 0) return null;
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM complaints
        WHERE customer_id = $1 AND category = $2
          AND received_at >= $3::timestamptz - make_interval(days => $4) AND received_at <= $3::timestamptz
        ORDER BY received_at DESC LIMIT 1`,
      [customerId, category, receivedAt, days],
    );
    return row?.id ?? null;
  }

  async findEntity(id: string, manager: EntityManager = this.dataSource.manager): Promise<ComplaintWithTriage> {
    const complaint = await this.selectComplaints(manager).where('c.id = :id', { id }).getOne();
    if (!complaint) throw AppException.notFound('Complaint', id);
    return complaint;
  }

  async get(id: string): Promise<ComplaintResponse> {
    return ComplaintResponse.from(await this.findEntity(id));
  }

  async list(query: ListComplaintsQueryDto): Promise<Page<ComplaintResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.selectComplaints(this.dataSource.manager);
    if (query.status !== undefined) qb.andWhere('c.status = :status', { status: query.status });
    if (query.severity !== undefined) qb.andWhere('c.severity = :severity', { severity: query.severity });
    if (query.priority !== undefined) qb.andWhere('c.priority = :priority', { priority: query.priority });
    if (query.assigneeId !== undefined) qb.andWhere('c.assigneeId = :assigneeId', { assigneeId: query.assigneeId });
    if (query.customerId !== undefined) qb.andWhere('c.customerId = :customerId', { customerId: query.customerId });
    if (query.breached !== undefined) qb.andWhere('c.slaBreached = :breached', { breached: query.breached });
    if (query.escalationLevel !== undefined) qb.andWhere('c.escalationLevel = :level', { level: query.escalationLevel });
    if (query.createdFrom !== undefined) qb.andWhere('c.createdAt >= :from', { from: new Date(query.createdFrom) });
    if (query.createdTo !== undefined) qb.andWhere('c.createdAt < :to', { to: new Date(query.createdTo) });
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(c.createdAt, c.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, ComplaintResponse.from);
  }

  /** Complaints with their customer and triage, as the response needs them. */
  private selectComplaints(manager: EntityManager) {
    return manager
      .getRepository(ComplaintEntity)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.customer', 'customer')
      .leftJoinAndMapOne('c.triage', ComplaintTriageEntity, 'triage', 'triage.complaintId = c.id');
  }

  /** Locks the complaint row for a change and checks the caller's expected version. */
  async lockForChange(manager: EntityManager, id: string, expectedVersion?: number): Promise<ComplaintEntity> {
    const complaint = await manager.findOne(ComplaintEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!complaint) throw AppException.notFound('Complaint', id);
    AppException.assertVersion('complaint', complaint.version, expectedVersion);
    complaint.customer = await manager.findOneByOrFail(CustomerEntity, { id: complaint.customerId });
    return complaint;
  }
}
