import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { CustomerEntity } from '../customers/customer.entity';
import { ComplaintStatus } from '../domain/complaint.enums';
import { ComplaintEntity } from './complaint.entity';

export interface StatusChange {
  from: ComplaintStatus;
  to: ComplaintStatus;
  isReopen: boolean;
  isFirstResponse: boolean;
}

/**
 * What other modules (SLA clocks, notifications) do when a complaint changes. The `in*`
 * methods run inside the change's transaction; `afterCommit` runs once it has committed
 * (where jobs are scheduled), and its failures are logged, never undo the change.
 */
export interface ComplaintLifecycleListener {
  onIntake?(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity, actor: Actor, now: Date): Promise<void>;
  onStatusChange?(manager: EntityManager, complaint: ComplaintEntity, change: StatusChange, actor: Actor, now: Date): Promise<void>;
  /** Severity, priority or the customer's tier changed. */
  onReprioritized?(manager: EntityManager, complaint: ComplaintEntity, reason: string, actor: Actor, now: Date): Promise<void>;
  /** A note was added; a customer-visible one is a progress update to the customer. */
  onNoteAdded?(manager: EntityManager, complaint: ComplaintEntity, visibility: 'internal' | 'customer', actor: Actor, now: Date): Promise<void>;
  afterCommit?(complaintId: string): Promise<void>;
}

@Injectable()
export class ComplaintLifecycleHooks {
  private readonly logger = new Logger(ComplaintLifecycleHooks.name);
  private readonly listeners: ComplaintLifecycleListener[] = [];

  register(listener: ComplaintLifecycleListener): void {
    this.listeners.push(listener);
  }

  async afterIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity, actor: Actor, now: Date): Promise<void> {
    for (const l of this.listeners) await l.onIntake?.(manager, complaint, customer, actor, now);
  }

  async afterStatusChange(manager: EntityManager, complaint: ComplaintEntity, change: StatusChange, actor: Actor, now: Date): Promise<void> {
    for (const l of this.listeners) await l.onStatusChange?.(manager, complaint, change, actor, now);
  }

  async afterReprioritized(manager: EntityManager, complaint: ComplaintEntity, reason: string, actor: Actor, now: Date): Promise<void> {
    for (const l of this.listeners) await l.onReprioritized?.(manager, complaint, reason, actor, now);
  }

  async afterNoteAdded(manager: EntityManager, complaint: ComplaintEntity, visibility: 'internal' | 'customer', actor: Actor, now: Date): Promise<void> {
    for (const l of this.listeners) await l.onNoteAdded?.(manager, complaint, visibility, actor, now);
  }

  async committed(complaintId: string): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l.afterCommit?.(complaintId);
      } catch (error) {
        // The database already holds the truth; the reconciler repairs what this missed.
        this.logger.warn(`after-commit step failed for complaint ${complaintId}: ${(error as Error).message}`);
      }
    }
  }
}
