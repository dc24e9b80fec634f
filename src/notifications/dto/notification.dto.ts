import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { NotificationEntity } from '../notification.entity';

export class NotificationResponse {
  id: string;
  type: string;
  @ApiProperty({ nullable: true, type: String }) complaintId: string | null;
  title: string;
  data: Record<string, unknown>;
  createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;

  static from(n: NotificationEntity): NotificationResponse {
    return {
      id: n.id,
      type: n.type,
      complaintId: n.complaintId,
      title: n.title,
      data: n.data,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt ? n.readAt.toISOString() : null,
    };
  }
}

export class NotificationPage {
  items: NotificationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class InboxQueryDto extends PageQueryDto {
  /** Only unread notifications. */
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unread?: boolean;
}
