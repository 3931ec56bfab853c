export * from './complete.decorator';
export * from './mcp-server.decorator';
export * from './param.decorators';
export * from './prompt.decorator';
export * from './resource.decorator';
export * from './tool.decorator';
