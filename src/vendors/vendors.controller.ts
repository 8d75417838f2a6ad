import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { ApiKeyView, IssuedKey } from '../access/access.service';
import type { Principal } from '../access/domain/roles';
import {
  createVendorKeySchema,
  putVendorSchema,
  validateCreateVendorKey,
  validatePutVendor,
  type VendorView,
} from './vendor.dto';
import { VendorsService } from './vendors.service';

@ApiTags('vendors')
@ApiBearerAuth()
@Controller('api/v1/vendors')
export class VendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Put(':key')
  @ApiOperation({ summary: 'Create (201) or update (200) a vendor' })
  @ApiBody({ schema: putVendorSchema })
  async put(
    @Param('key') key: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VendorView> {
    const { vendor, created } = await this.vendors.put(key, validatePutVendor(body));
    void reply.status(created ? 201 : 200);
    return vendor;
  }

  @ReadRoute('', 'List vendors (a vendor token sees only its own)')
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: VendorView[] }> {
    return { items: await this.vendors.list(principal) };
  }

  @ReadRoute(':key')
  get(@CurrentPrincipal() principal: Principal, @Param('key') key: string): Promise<VendorView> {
    return this.vendors.get(principal, key);
  }

  @Post(':key/api-keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a vendor API key (the token is shown only in this answer)' })
  @ApiBody({ schema: createVendorKeySchema, required: false })
  issueKey(@Param('key') key: string, @Body() body: unknown): Promise<IssuedKey> {
    const input = validateCreateVendorKey(body ?? {});
    return this.vendors.issueKey(key, input.name);
  }

  @Get(':key/api-keys')
  @ApiOperation({ summary: "List a vendor's API keys (never the tokens)" })
  async listKeys(@Param('key') key: string): Promise<{ items: ApiKeyView[] }> {
    return { items: await this.vendors.listKeys(key) };
  }

  @Delete(':key/api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a vendor API key; it stops working at once' })
  async revokeKey(@Param('key') key: string, @Param('id') id: string): Promise<void> {
    await this.vendors.revokeKey(key, id);
  }
}
