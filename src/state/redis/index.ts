export * from './redis-connection';
export * from './redis-counter-store';
export * from './redis-event-store';
export * from './redis-instance-registry';
export * from './redis-message-bus';
export * from './redis-session-store';
export * from './redis-state';
export * from './redis-task-store';
