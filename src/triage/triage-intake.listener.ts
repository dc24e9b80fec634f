import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ComplaintLifecycleHooks, ComplaintLifecycleListener } from '../complaints/complaint-lifecycle.hooks';
import { CustomerEntity } from '../customers/customer.entity';
import { TriageService } from './triage.service';

/** Triages every complaint as it is taken in, inside the intake transaction, and keeps its priority current. */
@Injectable()
export class TriageIntakeListener implements ComplaintLifecycleListener, OnModuleInit {
  constructor(
    private readonly hooks: ComplaintLifecycleHooks,
    private readonly triage: TriageService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  onIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity): Promise<void> {
    return this.triage.triageAtIntake(manager, complaint, customer);
  }

  /** The priority follows the customer's tier; a triage confirmation has already set it (then this is a no-op). */
  onReprioritized(manager: EntityManager, complaint: ComplaintEntity, reason: string, actor: Actor): Promise<void> {
    return this.triage.rederivePriority(manager, complaint, reason, actor);
  }
}
