import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { JOBS, QUEUES } from '../queue/queue.constants';

export interface PendingFiring {
  id: string;
  complaintId: string;
  kind: string;
  firing: string;
  dueAt: Date;
}

export interface SlaFiringJobData {
  firingId: string;
  dueAt: string;
}

/** Deterministic and colon-free: re-adding the same firing at the same due time is a no-op. */
export function slaJobId(f: Pick<PendingFiring, 'complaintId' | 'kind' | 'firing' | 'dueAt'>): string {
  return `sla-${f.complaintId}-${f.kind}-${f.firing}-${f.dueAt.getTime()}`;
}

/**
 * Turns pending rows of sla_firings into BullMQ delayed jobs. Called after the transaction
 * that wrote them has committed, and by the reconciler for whatever Redis lost.
 */
@Injectable()
export class SlaJobScheduler {
  constructor(
    @InjectQueue(QUEUES.SLA_DEADLINES) private readonly queue: Queue<SlaFiringJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async scheduleComplaint(complaintId: string): Promise<number> {
    const rows = await this.pending(`f.complaint_id = $1`, [complaintId]);
    await this.add(rows);
    await this.removeObsolete();
    return rows.length;
  }

  /** Takes the jobs of moved or stopped deadlines out of Redis (sla_job_removals outbox). */
  async removeObsolete(limit = 1000): Promise<number> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected count].
    const [rows]: [{ job_id: string }[], number] = await this.dataSource.query(
      `DELETE FROM sla_job_removals WHERE job_id IN (SELECT job_id FROM sla_job_removals ORDER BY created_at LIMIT $1) RETURNING job_id`,
      [limit],
    );
    // remove() leaves a job that is running; it will find nothing to do.
    await Promise.all(rows.map((r) => this.queue.remove(r.job_id).catch(() => 0)));
    return rows.length;
  }

  async pending(where: string, params: unknown[], limit = 100_000): Promise<PendingFiring[]> {
    const rows: { id: string; complaint_id: string; kind: string; firing: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT f.id, f.complaint_id, c.kind, f.firing, f.due_at
         FROM sla_firings f JOIN sla_clocks c ON c.id = f.clock_id
        WHERE f.fired_at IS NULL AND ${where}
        ORDER BY f.due_at LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, complaintId: r.complaint_id, kind: r.kind, firing: r.firing, dueAt: new Date(r.due_at) }));
  }

  async add(firings: PendingFiring[]): Promise<void> {
    const now = Date.now();
    for (let i = 0; i < firings.length; i += 1000) {
      await this.queue.addBulk(
        firings.slice(i, i + 1000).map((f) => ({
          name: JOBS.SLA_FIRING,
          data: { firingId: f.id, dueAt: f.dueAt.toISOString() },
          opts: { jobId: slaJobId(f), delay: Math.max(0, f.dueAt.getTime() - now) },
        })),
      );
    }
  }

  /** Which of these firings have no job in Redis (lost to a flush or a restart). */
  async missing(firings: PendingFiring[]): Promise<PendingFiring[]> {
    // BullMQ's client is an ioredis instance; its declared type hides the commands.
    const client = (await this.queue.client) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const out: PendingFiring[] = [];
    for (let i = 0; i < firings.length; i += 1000) {
      const batch = firings.slice(i, i + 1000);
      const pipeline = client.pipeline();
      for (const f of batch) pipeline.exists(prefix + slaJobId(f));
      const results = (await pipeline.exec()) ?? [];
      batch.forEach((f, j) => {
        if (results[j]?.[1] === 0) out.push(f);
      });
    }
    return out;
  }
}
