/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['reflect-metadata'],
  moduleNameMapper: {
    '^armature-mcp$': '<rootDir>/src/index.ts',
    '^armature-mcp/testing$': '<rootDir>/src/testing/index.ts',
  },
  // jose ships only ES modules; Jest's CommonJS runtime needs it compiled like our sources.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  transform: {
    '/node_modules/jose/.+\\.js$': [
      '@swc/jest',
      { swcrc: false, module: { type: 'commonjs' }, jsc: { target: 'es2022' } },
    ],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        swcrc: false,
        sourceMaps: 'inline',
        module: { type: 'commonjs' },
        jsc: {
          target: 'es2022',
          keepClassNames: true,
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
        },
      },
    ],
  },
};
