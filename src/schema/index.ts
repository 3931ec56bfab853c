export { dtoDeclarationProblem } from './dto-declaration';
export { dtoToJsonSchema, JSON_SCHEMA_DIALECT } from './dto-to-json-schema';
export { elicitationSchema } from './elicitation-schema';
export { Description, Field, type FieldOptions } from './field.decorator';
export { compileJsonSchema } from './json-schema-validator';
export { type Constructor, type JsonSchema, SchemaError, type Violation } from './types';
export { type ValidationResult, validateDto } from './validate-dto';
export { formatViolations } from './violations';
