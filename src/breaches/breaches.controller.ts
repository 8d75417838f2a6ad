import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ReadRoute } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { checkInstantQuery } from '../common/validation/instant';
import { acknowledgeSchema, validateAcknowledge } from './breach.dto';
import { type BreachQuery, BreachesService } from './breaches.service';

@ApiTags('breaches')
@ApiBearerAuth()
@Controller('api/v1/breaches')
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @ReadRoute('', 'Breaches, newest first, with filters and cursor pagination')
  @ApiQuery({
    name: 'status',
    required: false,
    description: 'open (incl. acknowledged), acknowledged, resolved, final, delivered_late',
  })
  @ApiQuery({ name: 'contract', required: false })
  @ApiQuery({ name: 'vendor', required: false })
  @ApiQuery({ name: 'objective', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'opened at or after (RFC 3339)' })
  @ApiQuery({ name: 'to', required: false, description: 'opened before (RFC 3339)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  list(@Query() query: BreachQuery, @CurrentPrincipal() principal: Principal) {
    checkInstantQuery({ from: query.from, to: query.to });
    return this.breaches.list(principal, query);
  }

  @ReadRoute(':id', 'One breach with its timeline')
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.breaches.get(principal, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an open breach (stops reminders, not the breach)' })
  @ApiBody({ schema: acknowledgeSchema })
  acknowledge(@Param('id') id: string, @Body() body: unknown) {
    return this.breaches.acknowledge(id, validateAcknowledge(body));
  }
}
