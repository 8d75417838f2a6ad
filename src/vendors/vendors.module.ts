import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { VendorsController } from './vendors.controller';
import { VendorsRepository } from './vendors.repository';
import { VendorsService } from './vendors.service';

@Module({
  imports: [AccessModule],
  controllers: [VendorsController],
  providers: [VendorsRepository, VendorsService],
  exports: [VendorsRepository],
})
export class VendorsModule {}
