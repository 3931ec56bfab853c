// class-transformer's @Type reads design:type: reflect-metadata must be loaded first.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

export const TRANSPORT_TYPES = ['stdio', 'sse', 'streamable-http'] as const;
export const RESPONSE_MODES = ['auto', 'json', 'sse'] as const;
export const STATE_TYPES = ['memory', 'redis'] as const;
/** The shortest accepted `stateKey`: the key that seals MRTR state is derived from it. */
export const MIN_STATE_KEY_LENGTH = 32;

/** `${PORT}` interpolation always yields strings: numeric and boolean options accept their text forms. */
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** An HTTP path of Armature's (the MCP endpoint, the probes): a string that starts with "/". */
function IsUrlPath(): PropertyDecorator {
  const message = 'must be a string starting with "/"';
  return (target, key) => {
    IsString({ message })(target, key as string);
    Matches(/^\//, { message })(target, key as string);
  };
}

const PORT = 'must be an integer between 0 and 65535';
const MS = 'must be a non-negative integer (milliseconds)';

/** Transport options, at the top level (defaults for every project) or in one project. */
export class TransportConfigDto {
  @IsOptional()
  @IsIn(TRANSPORT_TYPES, { message: `must be one of ${TRANSPORT_TYPES.join(', ')}` })
  type?: (typeof TRANSPORT_TYPES)[number];

  @IsOptional()
  @IsString({ message: 'must be a non-empty string' })
  @IsNotEmpty({ message: 'must be a non-empty string' })
  host?: string;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: PORT })
  @Min(0, { message: PORT })
  @Max(65535, { message: PORT })
  port?: number;

  @IsOptional()
  @IsUrlPath()
  path?: string;

  /** The liveness probe's path (default `/healthz`). */
  @IsOptional()
  @IsUrlPath()
  @ValidateBy({
    name: 'isOwnPath',
    validator: {
      validate: (value, args) => value !== (args?.object as TransportConfigDto | undefined)?.path,
      defaultMessage: () => 'must differ from path (the MCP endpoint)',
    },
  })
  healthPath?: string;

  /** The readiness probe's path (default `/readyz`). */
  @IsOptional()
  @IsUrlPath()
  @ValidateBy({
    name: 'isOwnPath',
    validator: {
      validate: (value, args) => {
        const options = (args?.object ?? {}) as TransportConfigDto;
        return value !== options.path && value !== (options.healthPath ?? '/healthz');
      },
      defaultMessage: () => 'must differ from path (the MCP endpoint) and from healthPath',
    },
  })
  readyPath?: string;

  @IsOptional()
  @IsIn(RESPONSE_MODES, { message: `must be one of ${RESPONSE_MODES.join(', ')}` })
  responseMode?: (typeof RESPONSE_MODES)[number];

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  stateless?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  legacySse?: boolean;

  @IsOptional()
  @IsArray({ message: 'must be an array of strings' })
  @IsString({ each: true, message: 'must be an array of strings' })
  allowedHosts?: string[];

  @IsOptional()
  @IsArray({ message: 'must be an array of strings' })
  @IsString({ each: true, message: 'must be an array of strings' })
  allowedOrigins?: string[];

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  trustProxy?: boolean;

  /** `true`/`false`, or the list of origins allowed by CORS. */
  @IsOptional()
  @Transform(toBoolean)
  @ValidateBy({
    name: 'isCors',
    validator: {
      validate: (value) =>
        typeof value === 'boolean' || (Array.isArray(value) && value.every((item) => typeof item === 'string')),
      defaultMessage: () => 'must be true, false or an array of origin strings',
    },
  })
  cors?: boolean | string[];

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: MS })
  @Min(0, { message: MS })
  sessionTtlMs?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: MS })
  @Min(0, { message: MS })
  sessionRefreshMs?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'must be a non-negative integer (0: no limit)' })
  @Min(0, { message: 'must be a non-negative integer (0: no limit)' })
  maxSessions?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'must be a positive integer (bytes)' })
  @Min(1, { message: 'must be a positive integer (bytes)' })
  maxBodyBytes?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: MS })
  @Min(0, { message: MS })
  keepAliveMs?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'must be a non-negative integer (bytes; 0: never)' })
  @Min(0, { message: 'must be a non-negative integer (bytes; 0: never)' })
  maxStreamBacklogBytes?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: MS })
  @Min(0, { message: MS })
  shutdownTimeoutMs?: number;
}

export const TIMEOUT_MS = 'must be a positive integer (milliseconds)';

/** Where sessions, event logs, tasks and the bus live: this process, or a Redis every instance shares. */
export class StateConfigDto {
  @IsOptional()
  @IsIn(STATE_TYPES, { message: `must be one of ${STATE_TYPES.join(', ')}` })
  type?: (typeof STATE_TYPES)[number];

  @IsOptional()
  @IsString({ message: 'must be a redis:// or rediss:// URL' })
  @Matches(/^rediss?:\/\/\S*$/, { message: 'must be a redis:// or rediss:// URL' })
  url?: string;

  @IsOptional()
  @IsString({ message: 'must be a non-empty string' })
  @IsNotEmpty({ message: 'must be a non-empty string' })
  prefix?: string;

  /** How often each instance renews its heartbeat in Redis. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: TIMEOUT_MS })
  @Min(1, { message: TIMEOUT_MS })
  heartbeatMs?: number;

  /** How long without a heartbeat before the other instances count one dead (longer than heartbeatMs). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: TIMEOUT_MS })
  @Min(1, { message: TIMEOUT_MS })
  instanceTtlMs?: number;
}

const STATE_KEY = `must be a secret of at least ${MIN_STATE_KEY_LENGTH} characters`;
export const PROGRESS_SETTLE_MS = 'must be "auto" or a non-negative integer (milliseconds)';

/** `progressSettleMs`: 'auto', or milliseconds (0 turns settling off). */
function IsProgressSettle(): PropertyDecorator {
  return ValidateBy({
    name: 'isProgressSettle',
    validator: {
      validate: (value) => value === 'auto' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0),
      defaultMessage: () => PROGRESS_SETTLE_MS,
    },
  });
}

/** What the top level sets for every project and a project may set for itself. */
class SharedSettingsDto {
  @IsOptional()
  @IsObject({ message: 'must be an object of transport options' })
  @ValidateNested()
  @Type(() => TransportConfigDto)
  transport?: TransportConfigDto;

  @IsOptional()
  @IsObject({ message: 'must be an object { type, url, prefix }' })
  @ValidateNested()
  @Type(() => StateConfigDto)
  state?: StateConfigDto;

  /** The secret every instance seals multi round-trip request state with (usually `${ARMATURE_STATE_KEY}`). */
  @IsOptional()
  @IsString({ message: STATE_KEY })
  @MinLength(MIN_STATE_KEY_LENGTH, { message: STATE_KEY })
  stateKey?: string;

  /** The time limit of every tool, resource, prompt and completion call that declares no `@Timeout`. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: TIMEOUT_MS })
  @Min(1, { message: TIMEOUT_MS })
  timeoutMs?: number;

  /**
   * How long a response that follows progress is held back for clients that would lose it
   * ('auto': only for clients not known to be safe; 0: never; milliseconds: every client).
   */
  @IsOptional()
  @Transform(toNumber)
  @IsProgressSettle()
  progressSettleMs?: 'auto' | number;
}

/** One runnable server: an entry file and its transport options. */
export class ProjectConfigDto extends SharedSettingsDto {
  @IsString({ message: 'must be a path to the entry file (relative to the config file)' })
  @IsNotEmpty({ message: 'must be a path to the entry file (relative to the config file)' })
  entry!: string;
}

/** The top level of `nest-cli-like.config.json`; `projects` is checked entry by entry. */
export class ArmatureConfigDto extends SharedSettingsDto {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  $schema?: string;

  @IsOptional()
  @IsString({ message: 'must be the name of a project' })
  defaultProject?: string;

  @IsOptional()
  @IsObject({ message: 'must be an object mapping project names to { entry, transport }' })
  projects?: Record<string, ProjectConfigDto>;
}
