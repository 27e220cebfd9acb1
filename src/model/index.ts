export * from './run-record.js';
export * from './param-value.js';
export * from './reported-result.js';
