import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageMetaDto } from '../../common/pagination/cursor';
import { ApiKeyEntity } from '../api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'call-center', maxLength: 120 })
  @IsString() @MinLength(1) @MaxLength(120)
  name: string;
}

/** A key on the wire: never the key itself nor anything derived from it beyond its public prefix. */
export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The 8 characters after cdk_, to tell keys apart' }) prefix: string;
  @ApiProperty({ format: 'uuid', nullable: true }) createdById: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true }) revokedAt: string | null;

  static from(k: ApiKeyEntity): ApiKeyResponse {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdById: k.createdById,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() prefix: string;
  @ApiProperty({ description: 'Shown once; send as X-API-Key' }) key: string;
  @ApiProperty() createdAt: string;
}

export class ApiKeyPage extends PageMetaDto {
  @ApiProperty({ type: [ApiKeyResponse] })
  items: ApiKeyResponse[];
}
