export * from './run-record.js';
export * from './param-value.js';
