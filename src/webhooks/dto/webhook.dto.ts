import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../domain/webhook-events';
import { DELIVERY_STATUSES, DeliveryStatus } from '../webhook-delivery.entity';
import { isValidSecret } from '../webhook-secret';

@ValidatorConstraint({ name: 'webhookSecret' })
class IsWebhookSecret implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidSecret(value);
  }
  defaultMessage(): string {
    return 'secret must be whsec_ followed by the base64 of 24 to 64 random bytes';
  }
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://callcenter.example.com/hooks/complaints', description: 'http(s) URL; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true' })
  @IsString() @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['complaint.created', 'complaint.status_changed', 'complaint.customer_update'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique() @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];

  @ApiPropertyOptional({ description: 'Your own signing secret (whsec_ + base64); one is generated when left out', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  @IsOptional() @IsString() @MaxLength(200) @Validate(IsWebhookSecret)
  secret?: string;
}

export class WebhookResponse {
  id: string;
  @ApiProperty({ example: 'https://callcenter.example.com/hooks/complaints' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: WebhookEventType[];
  @ApiProperty({ description: 'false once disabled (a delivery failing for 24 h)' }) active: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'delivery of complaint.created failed for 24 h: receiver answered 503' }) disabledReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret, shown in this response only', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

export class WebhookPage {
  items: WebhookResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveryAttemptResponse {
  attempt: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: Number, example: 503 }) statusCode: number | null;
  @ApiProperty({ example: 42 }) latencyMs: number;
  @ApiProperty({ nullable: true, type: String, example: 'receiver answered 503' }) error: string | null;
}

export class DeliveryResponse {
  id: string;
  @ApiProperty({ description: 'The event id: the webhook-id header of every attempt' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType: string;
  complaintId: string;
  @ApiProperty({ description: 'The event’s position among the complaint’s events (1, 2, 3 …)' }) sequence: number;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  attemptCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: () => DeliveryAttemptResponse, isArray: true }) attempts: DeliveryAttemptResponse[];
}

export class DeliveryPage {
  items: DeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
