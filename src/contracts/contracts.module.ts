import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { VendorsModule } from '../vendors/vendors.module';
import { ContractsController } from './contracts.controller';
import { ActiveContractsRepository } from './active-contracts.repository';
import { ContractsRepository } from './contracts.repository';
import { ContractsService } from './contracts.service';
import { DeliverablesRepository } from './deliverables.repository';
import { DeliverablesService } from './deliverables.service';
import { ExclusionsController } from './exclusions.controller';
import { ExclusionsRepository } from './exclusions.repository';
import { ExclusionsService } from './exclusions.service';
import { InputSelectorsRepository } from './input-selectors.repository';

@Module({
  imports: [AccessModule, VendorsModule],
  controllers: [ContractsController, ExclusionsController],
  providers: [
    ContractsRepository,
    ContractsService,
    ExclusionsRepository,
    ExclusionsService,
    DeliverablesRepository,
    DeliverablesService,
    ActiveContractsRepository,
    InputSelectorsRepository,
  ],
  exports: [
    ContractsRepository,
    ContractsService,
    DeliverablesRepository,
    ExclusionsRepository,
    ActiveContractsRepository,
  ],
})
export class ContractsModule {}
