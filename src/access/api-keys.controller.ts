import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { bodySchema, compileValidator } from '../common/validation/json-schema';
import { AccessService, type IssuedKey, type StaffKeyView } from './access.service';

interface CreateApiKeyBody {
  role: 'admin' | 'viewer';
  name: string;
}

const createApiKeySchema = bodySchema(
  {
    role: { type: 'string', enum: ['admin', 'viewer'] },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
  ['role', 'name'],
);
const validateCreateApiKey = compileValidator<CreateApiKeyBody>(createApiKeySchema);

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an admin or viewer token (shown only in this answer)' })
  @ApiBody({ schema: createApiKeySchema })
  create(@Body() body: unknown): Promise<IssuedKey> {
    const input = validateCreateApiKey(body);
    return this.access.issue(input.role, input.name, null);
  }

  @Get()
  @ApiOperation({ summary: 'Admin and viewer keys (prefix and dates; never the token)' })
  async list(): Promise<{ items: StaffKeyView[] }> {
    return { items: await this.access.listStaffKeys() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an admin or viewer key at once (never the last admin key: 409)' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.access.revokeStaffKey(id);
  }
}
