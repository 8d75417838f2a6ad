import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, type FieldError } from '../common/errors/domain-error';
import { encodeCursor, pageQuery } from '../common/http/cursor';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './domain/events';
import { NotificationQueriesRepository } from './notification-queries.repository';

/** `GET /api/v1/notifications` (docs/api.md): the email outbox, admin only (the default role). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly queries: NotificationQueriesRepository) {}

  @Get()
  @ApiOperation({ summary: 'The email outbox, newest first, with cursor pagination' })
  @ApiQuery({ name: 'status', required: false, description: 'pending, sent or failed' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  async list(@Query() q: { status?: string; cursor?: string; limit?: string }) {
    const errors: FieldError[] = [];
    if (q.status !== undefined && !(NOTIFICATION_STATUSES as readonly string[]).includes(q.status))
      errors.push({ path: 'status', message: `must be one of ${NOTIFICATION_STATUSES.join(', ')}` });
    const { after, limit } = pageQuery(q, errors);
    if (errors.length > 0) throw new DomainError('bad_request', 'The query is invalid', errors);
    const page = await this.queries.page({
      status: q.status as NotificationStatus | undefined,
      after,
      limit,
    });
    return { items: page.items, nextCursor: page.last ? encodeCursor(page.last) : null };
  }
}
