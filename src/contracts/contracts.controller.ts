import { Body, Controller, Headers, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { DomainError } from '../common/errors/domain-error';
import { isYaml, wantsYaml } from './contract.dto';
import { type ContractSummary, ContractsService } from './contracts.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Put(':key')
  @ApiOperation({ summary: 'Apply a contract document: 201 created, 200 {version, changed} otherwise' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({
    description: 'A contract document (docs/contract-authoring.md)',
    schema: { type: 'object' },
  })
  async apply(
    @Param('key') key: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ key: string; version: number; changed: boolean }> {
    const result = await this.contracts.apply(key, body, isYaml(contentType) ? 'yaml' : 'json', principal);
    void reply.status(result.created ? 201 : 200);
    return { key, version: result.version, changed: result.changed };
  }

  @ReadRoute('', 'List contracts (a vendor token sees only its own)')
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: ContractSummary[] }> {
    return { items: await this.contracts.list(principal) };
  }

  @ReadRoute(':key', 'The document as applied, with metadata.version; Accept: application/yaml gives YAML')
  @ApiProduces('application/json', 'application/yaml')
  @ApiQuery({ name: 'version', required: false, description: 'an earlier version' })
  async get(
    @Param('key') key: string,
    @Query('version') versionText: string | undefined,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    let version: number | undefined;
    if (versionText !== undefined) {
      version = /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : undefined;
      if (version === undefined)
        throw DomainError.validation([{ path: 'version', message: 'must be a positive whole number' }]);
    }
    const served = await this.contracts.get(principal, key, version);
    void reply.header('Vary', 'Accept');
    if (wantsYaml(accept)) {
      void reply.header('Content-Type', 'application/yaml; charset=utf-8');
      return served.yaml();
    }
    return served.json;
  }

  @ReadRoute(':key/versions', 'Version history: number, appliedAt, sha256')
  async versions(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return { items: await this.contracts.versions(principal, key) };
  }
}
