export * from '../core/stores/event-store';
export * from './memory/memory-event-store';
