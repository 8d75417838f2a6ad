import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest.module';
import { RemoteWriteController } from './remote-write.controller';
import { RemoteWriteService } from './remote-write.service';

/** POST /api/v1/write: Prometheus remote-write into the samples of the vendor whose token sends it. */
@Module({
  imports: [IngestModule],
  controllers: [RemoteWriteController],
  providers: [RemoteWriteService],
})
export class RemoteWriteModule {}
