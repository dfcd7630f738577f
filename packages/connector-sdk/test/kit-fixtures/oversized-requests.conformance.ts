import { describeMembersApiConformance } from './members-api.js';

// Declares 10,000 records per request; the target accepts 1,000.
describeMembersApiConformance({ declaresRecordsPerRequest: 10_000 });
