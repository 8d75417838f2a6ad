import { Injectable } from '@nestjs/common';

/** The one source of "now" outside pure domain code, so tests can travel in time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
