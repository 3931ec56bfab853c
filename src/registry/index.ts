export * from '../components/uri-template';
export * from './component-list';
export * from './cursor';
export * from './mcp-registry';
export * from './names';
