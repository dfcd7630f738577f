import { describeMembersApiConformance } from './members-api.js';

// Sends with Node's global fetch, around the SDK's outbound-address policy.
describeMembersApiConformance({ usesGlobalFetch: true });
