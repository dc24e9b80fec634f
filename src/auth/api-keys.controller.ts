import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { PageQueryDto } from '../common/pagination/cursor';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyPage, CreateApiKeyDto, CreatedApiKeyResponse } from './dto/api-key.dto';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates an integration key; the key is in this response only. */
  @Post()
  @ApiOperation({ summary: 'Create an API key', description: 'Creates an integration key; the key is in this response only.' })
  create(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKeyResponse> {
    return this.keys.create(dto.name, actor);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys', description: 'Keys newest first, without the secret.' })
  list(@Query() query: PageQueryDto): Promise<ApiKeyPage> {
    return this.keys.list(query);
  }

  /** Revokes the key; it gets 401 from the next request on. */
  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key', description: 'The key gets 401 from the next request on.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @HttpCode(204)
  async revoke(@Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
