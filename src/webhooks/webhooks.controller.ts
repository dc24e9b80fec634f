import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/cursor';
import { CreatedWebhookResponse, CreateWebhookDto, DeliveryPage, DeliveryResponse, WebhookPage } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a webhook (订阅事件推送)',
    description: 'Events are POSTed per Standard Webhooks, signed with the secret. A `whsec_` secret is generated when none is given and shown in this response only.',
  })
  create(@Body() dto: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<CreatedWebhookResponse> {
    return this.webhooks.register(dto, actor);
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks (查看订阅)', description: 'Newest first; secrets are never shown again.' })
  list(@Query() query: PageQueryDto): Promise<WebhookPage> {
    return this.webhooks.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook (删除订阅)', description: 'Its pending deliveries are dropped.' })
  async remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries of a webhook (推送记录)', description: 'Newest first; each with its attempts: time, status code, latency and error.' })
  deliveries(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto): Promise<DeliveryPage> {
    return this.webhooks.deliveries(id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (重新推送)', description: 'Same event id (webhook-id); it keeps its place in its complaint’s order.' })
  redeliver(@Param('id', UuidParamPipe) id: string, @Param('deliveryId', UuidParamPipe) deliveryId: string): Promise<DeliveryResponse> {
    return this.webhooks.redeliver(id, deliveryId);
  }
}
