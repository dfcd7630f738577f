/**
 * Why one attempt to deliver an alert failed, in words an admin can act on, and whether trying again
 * later may help (a server error, a timeout) or not (a refused address, a bad password).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The receiver's own "try again after" (429 and 503 with Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
