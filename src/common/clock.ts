import { Injectable } from '@nestjs/common';
import type { Instant } from './time/instant';

/** The one source of "now" outside pure domain code, so tests can travel in time. */
@Injectable()
export class Clock {
  now(): Instant {
    return Date.now();
  }
}
