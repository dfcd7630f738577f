import type { DemoUser } from './types.js';

/** One user per role; each holds that role in every demo environment. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@outport.demo', name: 'Ada Admin', password: 'demo-admin-2026', role: 'admin' },
  { email: 'contributor@outport.demo', name: 'Carl Contributor', password: 'demo-contributor-2026', role: 'contributor' },
  { email: 'viewer@outport.demo', name: 'Vera Viewer', password: 'demo-viewer-2026', role: 'viewer' },
];
