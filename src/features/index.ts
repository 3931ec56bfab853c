export * from './method';
export * from './method-table';
