import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { InboxQueryDto, NotificationPage, NotificationResponse } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  private staffId(actor: Actor): string {
    if (actor.type !== 'user' || !actor.id) throw new AppException(ErrorCode.FORBIDDEN, 'Notifications belong to staff accounts');
    return actor.id;
  }

  /** The caller's own notifications, unread first. */
  @Get()
  @ApiOperation({ summary: 'My notifications', description: "The caller's own notifications, unread first; `?unread=true` for unread only." })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto): Promise<NotificationPage> {
    return this.notifications.inbox(this.staffId(actor), query.limit, query.cursor, query.unread ?? false);
  }

  @Post(':id/read')
  @ApiOperation({ summary: 'Mark a notification read' })
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<NotificationResponse> {
    return this.notifications.markRead(this.staffId(actor), id);
  }
}
