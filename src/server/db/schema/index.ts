export * from './audit.js';
export * from './jobs.js';
export * from './partners.js';
export * from './tokens.js';
export * from './users.js';
