import { describeMembersApiConformance } from './members-api.js';

// Queues every batch at once and sends them without the run's signal.
describeMembersApiConformance({ ignoresCancellation: true });
