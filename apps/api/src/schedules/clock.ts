import { Injectable } from '@nestjs/common';

/**
 * The scheduler's idea of now. Production reads the system clock; tests set or advance it to walk
 * schedules across days and DST changes in milliseconds.
 */
@Injectable()
export class Clock {
  private fixed: number | null = null;

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  /** Tests: stop the clock at this instant. */
  set(instant: Date | string): void {
    this.fixed = new Date(instant).getTime();
  }

  /** Tests: move a stopped clock forward. */
  advance(ms: number): void {
    this.fixed = (this.fixed ?? Date.now()) + ms;
  }
}
