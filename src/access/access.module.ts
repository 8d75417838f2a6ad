import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AccessService } from './access.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthGuard } from './auth.guard';
import { TokenCache } from './token-cache';
import { loadTokenSecret, TOKEN_SECRET } from './token-secret';

@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeysRepository,
    AccessService,
    TokenCache,
    {
      provide: TOKEN_SECRET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadTokenSecret(config),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessService, ApiKeysRepository],
})
export class AccessModule {}
