// Public surface of @outport/core: domain types and pure rules shared by the API, the worker, connectors
// (through the connector SDK) and the console. Nothing here may depend on Node.
export * from './environment.js';
export * from './columns.js';
export * from './rules.js';
export * from './eligibility.js';
export * from './limits.js';
export * from './permissions.js';
export * from './recurrence.js';
export * from './stagger.js';
export * from './runs.js';
export * from './pagination.js';
export * from './alerts.js';
export * from './settings.js';
