export * from './log-sink';
export * from './logger';
