import { describeMembersApiConformance } from './members-api.js';

// Its connection test says the connection works without asking the target.
describeMembersApiConformance({ connectionTestAsksNothing: true });
