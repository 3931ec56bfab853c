export * from './task';
export * from './task-manager';
