import { describeMembersApiConformance } from './members-api.js';

// Sends every batch twice. The target keeps a set of members, so only deliveries show it.
describeMembersApiConformance({ sendsTwice: true });
