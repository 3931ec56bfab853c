export * from './event-store';
export * from './memory/memory-event-store';
