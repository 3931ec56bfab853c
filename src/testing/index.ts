import 'reflect-metadata';

export * from './test-client';
