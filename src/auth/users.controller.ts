import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { CreateUserDto, ListUsersQueryDto, UserPage, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  /** Users newest first; `?role=` filters. */
  @Get()
  list(@Query() query: ListUsersQueryDto): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  /** The user's tokens stop working on their next request. */
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.setActive(id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.setActive(id, true);
  }
}
