import { describeMembersApiConformance } from './members-api.js';

// Sends eight batches at once without the connection's limiter, whatever the manifest declares.
describeMembersApiConformance({ noRateLimiter: true });
