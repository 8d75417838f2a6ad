import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../../access/access.decorators';
import type { Principal } from '../../access/domain/roles';
import { DomainError } from '../../common/errors/domain-error';
import { encodingProblem, writeVersionOf } from './domain/content-type';
import { type WriteAnswer, RemoteWriteService } from './remote-write.service';

/** Prometheus remote-write 1.0 and 2.0 (docs/ingest-remote-write.md). */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1')
export class RemoteWriteController {
  constructor(private readonly remoteWrite: RemoteWriteService) {}

  @Post('write')
  @HttpCode(200)
  @Allow('vendor')
  @ApiOperation({
    summary:
      'Prometheus remote-write (vendor token): snappy-compressed protobuf, 1.0 or 2.0; answered after the accepted samples are committed',
  })
  @ApiConsumes('application/x-protobuf')
  @ApiHeader({ name: 'Content-Encoding', required: false, description: 'snappy' })
  async write(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteAnswer> {
    const version = writeVersionOf(contentType);
    if (typeof version === 'object') throw new DomainError('unsupported_media_type', version.problem);
    const encoding = encodingProblem(contentEncoding);
    if (encoding !== undefined) throw new DomainError('unsupported_media_type', encoding);
    // The protobuf parser hands this route a Buffer; any other type was parsed (and is refused) above.
    if (!Buffer.isBuffer(body)) throw new DomainError('bad_request', 'The body is empty');
    const answer = await this.remoteWrite.write(principal, body, version);
    if (version === 'v2') {
      // Remote-write 2.0: what was written, so the sender can tell a partial write. Duplicates were
      // written before (first write wins); native histograms and exemplars are not stored.
      void reply.header(
        'X-Prometheus-Remote-Write-Samples-Written',
        String(answer.accepted + answer.duplicates),
      );
      void reply.header('X-Prometheus-Remote-Write-Histograms-Written', '0');
      void reply.header('X-Prometheus-Remote-Write-Exemplars-Written', '0');
    }
    return answer;
  }
}
