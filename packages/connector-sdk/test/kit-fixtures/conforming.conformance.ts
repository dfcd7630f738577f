import { describeMembersApiConformance } from './members-api.js';

// The members API connector as it should be: it passes every test of the kit.
describeMembersApiConformance();
