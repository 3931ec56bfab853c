export * from './codec';
export * from './connection';
export * from './engine';
export * from './engine-options';
export * from './outbound';
