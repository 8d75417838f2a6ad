import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { DomainError } from '../common/errors/domain-error';
import { bodySchema, compileValidator, nonBlank } from '../common/validation/json-schema';
import { statementCsv } from './domain/statement';
import { StatementsService } from './statements.service';

const restatementSchema = bodySchema({ reason: nonBlank(2000) }, ['reason']);
const validateRestatement = compileValidator<{ reason: string }>(restatementSchema);

@ApiTags('statements')
@ApiBearerAuth()
@Controller('api/v1/contracts/:key/statements')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @ReadRoute('', 'Closed periods: every statement version with its sha256')
  async list(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return { items: await this.statements.list(principal, key) };
  }

  @ReadRoute('chain', 'The hash chain as stored, and whether it holds (the first broken link)')
  chain(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.statements.chain(principal, key);
  }

  @ReadRoute(
    ':period',
    'A statement (an open period answers a provisional one, final: false); Accept: text/csv',
  )
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'version', required: false })
  async get(
    @Param('key') key: string,
    @Param('period') period: string,
    @Query('version') versionText: string | undefined,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    let version: number | undefined;
    if (versionText !== undefined) {
      if (!/^[1-9]\d{0,8}$/.test(versionText)) {
        throw new DomainError('bad_request', 'The query is invalid', [
          { path: 'version', message: 'must be a positive whole number' },
        ]);
      }
      version = Number(versionText);
    }
    const statement = await this.statements.get(principal, key, period, version);
    void reply.header('Vary', 'Accept');
    if (accept?.toLowerCase().includes('text/csv')) {
      void reply.header('Content-Type', 'text/csv; charset=utf-8');
      void reply.header('Content-Disposition', `attachment; filename="${key}-${period}.csv"`);
      return statementCsv(statement);
    }
    return statement;
  }

  @Post(':period/restatements')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Recompute a closed period from stored data as a new version (admin, with a reason)',
  })
  @ApiBody({ schema: restatementSchema })
  restate(
    @Param('key') key: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.statements.restate(principal, key, period, validateRestatement(body).reason);
  }
}
