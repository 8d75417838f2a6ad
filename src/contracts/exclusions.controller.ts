import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { checkInstantQuery } from '../common/validation/instant';
import {
  createExclusionSchema,
  deliverySchema,
  validateCreateExclusion,
  validateDelivery,
} from './contract.dto';
import { DeliverablesService } from './deliverables.service';
import { ExclusionsService } from './exclusions.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/v1/contracts/:key')
export class ExclusionsController {
  constructor(
    private readonly exclusions: ExclusionsService,
    private readonly deliverables: DeliverablesService,
  ) {}

  @Post('exclusions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an approved exclusion (all objectives, or the listed ones)' })
  @ApiBody({ schema: createExclusionSchema })
  create(@Param('key') key: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.exclusions.create(principal, key, validateCreateExclusion(body));
  }

  @ReadRoute(
    'exclusions',
    'Maintenance occurrences (cron in the contract zone) and approved exclusions in [from, to)',
  )
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339; default now' })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'RFC 3339; default from + 31 days; at most 400 days',
  })
  @ApiQuery({ name: 'limit', required: false, description: 'Items per page, 1-1000 (default 1000)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `next` of the previous page' })
  list(
    @Param('key') key: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    checkInstantQuery({ from, to });
    return this.exclusions.list(principal, key, from, to, { limit, cursor });
  }

  @Post('deliverables/:dkey/delivery')
  @HttpCode(200)
  @Allow('vendor')
  @ApiOperation({
    summary: 'Record a delivery (admin, or the contract’s vendor); deliveredAt defaults to now',
  })
  @ApiBody({ schema: deliverySchema, required: false })
  deliver(
    @Param('key') key: string,
    @Param('dkey') dkey: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.deliverables.deliver(principal, key, dkey, validateDelivery(body ?? {}));
  }
}
