import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IfMatchVersion } from '../common/http/if-match';
import { ApiProblem } from '../common/http/api-problem.decorator';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserPage, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff user', description: 'supervisorId must be an active supervisor or manager.' })
  @ApiProblem(409, 'A user with this email exists (`conflict`, field `email`).')
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  /** Users newest first; `?role=` filters. */
  @Get()
  @ApiOperation({ summary: 'List users', description: 'Users newest first; `?role=` filters.' })
  list(@Query() query: ListUsersQueryDto): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  get(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  /**
   * Changes name, role, supervisor or active flag, or resets the password. Role and active take
   * effect on the user's next request; the last active admin cannot be demoted or deactivated.
   */
  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user',
    description: "Changes name, role, supervisor or active flag, or resets the password. Role and active take effect on the user's next request; the last active admin cannot be demoted or deactivated (409).",
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected user version; a stale one gets 409' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUserDto, @IfMatchVersion() version?: number): Promise<UserResponse> {
    return this.users.update(id, dto, version);
  }

  /** The user's tokens stop working on their next request. */
  @Post(':id/deactivate')
  @ApiOperation({ summary: 'Deactivate a user', description: "The user's tokens stop working on their next request." })
  @ApiProblem(409, 'This is the last active admin (`conflict`).')
  @HttpCode(200)
  deactivate(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.setActive(id, false);
  }

  @Post(':id/reactivate')
  @ApiOperation({ summary: 'Reactivate a user' })
  @HttpCode(200)
  reactivate(@Param('id', UuidParamPipe) id: string): Promise<UserResponse> {
    return this.users.setActive(id, true);
  }
}
