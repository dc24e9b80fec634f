import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { requireAdminForMount } from '../auth/require-admin-for-mount';
import { QUEUES } from '../queue/queue.constants';

/**
 * The queue dashboard at /admin/queues, for admins only: a Bearer token of an active admin, or
 * the session cookie of /admin/login (browsers without one are sent there). Its header links
 * back to /admin/login, which offers the sign-out button.
 */
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: '/admin/queues',
      adapter: ExpressAdapter,
      middleware: requireAdminForMount(),
      boardOptions: { uiConfig: { boardTitle: 'Complaint desk', miscLinks: [{ text: 'Sign out', url: '/admin/login' }] } },
    }),
    BullBoardModule.forFeature(...Object.values(QUEUES).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueDashboardModule {}
