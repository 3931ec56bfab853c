export * from './config.dto';
export * from './config-error';
export * from './interpolate';
export * from './launch-context';
export * from './load-config';
export * from './resolve-listen-options';
export * from './resolve-state-options';
export * from './state-options';
