/**
 * RFC 6570 URI templates (level 4, without composite map values) for MCP resource templates:
 * expansion per the RFC, and the reverse, matching a concrete URI back to variable values.
 */

export class UriTemplateError extends Error {
  override readonly name = 'UriTemplateError';
}

export type UriValues = Record<string, string | string[]>;

type Operator = '' | '+' | '#' | '.' | '/' | ';' | '?' | '&';

interface OperatorRules {
  first: string;
  separator: string;
  named: boolean;
  /** What follows a named variable whose value is empty. */
  ifEmpty: string;
  allowReserved: boolean;
  /** Characters a matched value may not contain, on top of the separator when an expression is ambiguous. */
  stops: string;
}

const OPERATORS: Record<Operator, OperatorRules> = {
  '': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: false, stops: '/?#,' },
  '+': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: true, stops: '?#' },
  '#': { first: '#', separator: ',', named: false, ifEmpty: '', allowReserved: true, stops: '' },
  '.': { first: '.', separator: '.', named: false, ifEmpty: '', allowReserved: false, stops: '/?#' },
  '/': { first: '/', separator: '/', named: false, ifEmpty: '', allowReserved: false, stops: '/?#' },
  ';': { first: ';', separator: ';', named: true, ifEmpty: '', allowReserved: false, stops: '/?#;' },
  '?': { first: '?', separator: '&', named: true, ifEmpty: '=', allowReserved: false, stops: '#&' },
  '&': { first: '&', separator: '&', named: true, ifEmpty: '=', allowReserved: false, stops: '#&' },
};

// Templates with several expressions that may span '/' ({+a}/{+b}, {/a*}{/b*}) still match in polynomial time;
// resource URIs are identifiers, and this bound keeps a hostile one from stalling the event loop.
export const MAX_MATCHED_URI_LENGTH = 8192;

const RESERVED_FOR_FUTURE = '=,!@|';
const VARSPEC =
  /^((?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*)(?::([1-9][0-9]{0,3})|(\*))?$/;

interface VarSpec {
  name: string;
  explode: boolean;
  /** Maximum length in characters, from a `{name:3}` prefix modifier. */
  maxLength?: number;
}

interface Expression {
  operator: Operator;
  rules: OperatorRules;
  vars: VarSpec[];
}

type Part = string | Expression;

/** How to turn one capture group of the compiled pattern back into a variable value. */
interface Capture {
  spec: VarSpec;
  expression: Expression;
}

interface Matcher {
  pattern: RegExp;
  captures: Capture[];
  /** Query expressions at the end of the template, matched by name in any order rather than by position. */
  query: Map<string, VarSpec>;
}

export class UriTemplate {
  readonly variables: string[];
  readonly isTemplate: boolean;
  readonly #parts: Part[];
  readonly #matcher: Matcher;

  private constructor(
    readonly template: string,
    parts: Part[],
  ) {
    this.#parts = parts;
    this.variables = parts.flatMap((part) => (typeof part === 'string' ? [] : part.vars.map((spec) => spec.name)));
    this.isTemplate = parts.some((part) => typeof part !== 'string');
    this.#matcher = compile(parts);
  }

  static parse(template: string): UriTemplate {
    return new UriTemplate(template, parseParts(template));
  }

  /** The variables of `uri` if it is an expansion of this template, percent-decoded; undefined otherwise. */
  match(uri: string): UriValues | undefined {
    if (!this.isTemplate) return uri === this.template ? {} : undefined;
    if (uri.length > MAX_MATCHED_URI_LENGTH) return undefined;
    const found = this.#matcher.pattern.exec(uri);
    if (!found) return undefined;

    const values: UriValues = {};
    for (const [index, { spec, expression }] of this.#matcher.captures.entries()) {
      const raw = found[index + 1];
      if (raw === undefined) continue;
      const value = spec.explode ? splitExploded(raw, spec, expression.rules) : unname(raw, spec, expression.rules);
      if (!accept(values, spec, value)) return undefined;
    }
    const query = found[this.#matcher.captures.length + 1];
    if (query && !matchQuery(uri.slice(0, -query.length), query, this.#matcher.query, values)) return undefined;
    return values;
  }

  expand(values: Record<string, string | string[] | undefined>): string {
    return this.#parts.map((part) => (typeof part === 'string' ? part : expandExpression(part, values))).join('');
  }

  toString(): string {
    return this.template;
  }
}

function parseParts(template: string): Part[] {
  const parts: Part[] = [];
  const seen = new Set<string>();
  let literal = '';
  let position = 0;
  while (position < template.length) {
    const char = template[position];
    if (char === '}') throw new UriTemplateError(`Unmatched '}' at position ${position} in URI template "${template}"`);
    if (char !== '{') {
      literal += char;
      position++;
      continue;
    }
    const end = template.indexOf('}', position + 1);
    const nested = template.indexOf('{', position + 1);
    if (end === -1 || (nested !== -1 && nested < end)) {
      throw new UriTemplateError(`Unclosed '{' at position ${position} in URI template "${template}"`);
    }
    const expression = parseExpression(template.slice(position + 1, end), position, template);
    for (const { name } of expression.vars) {
      if (seen.has(name)) throw new UriTemplateError(`Variable "${name}" appears twice in URI template "${template}"`);
      seen.add(name);
    }
    if (literal) parts.push(literal);
    else if (parts.length > 0 && expression.rules.first === '') {
      // Two expressions with nothing between them cannot be told apart, and would make matching backtrack badly.
      throw new UriTemplateError(
        `Expression at position ${position} directly follows another expression in URI template "${template}"; ` +
          'separate them with a literal or an operator such as {/name}',
      );
    }
    literal = '';
    parts.push(expression);
    position = end + 1;
  }
  if (literal) parts.push(literal);
  return parts;
}

function parseExpression(body: string, position: number, template: string): Expression {
  const where = `at position ${position} in URI template "${template}"`;
  if (body === '') throw new UriTemplateError(`Empty expression '{}' ${where}`);
  if (RESERVED_FOR_FUTURE.includes(body[0])) {
    throw new UriTemplateError(`Unsupported operator '${body[0]}' in expression '{${body}}' ${where}`);
  }
  const operator = (body[0] in OPERATORS ? body[0] : '') as Operator;
  const list = body.slice(operator.length);
  if (list === '') throw new UriTemplateError(`Expression '{${body}}' has no variable ${where}`);
  const vars = list.split(',').map((varspec): VarSpec => {
    const parsed = VARSPEC.exec(varspec);
    if (!parsed) {
      throw new UriTemplateError(`Invalid variable name "${varspec}" in expression '{${body}}' ${where}`);
    }
    return { name: parsed[1], explode: parsed[3] === '*', maxLength: parsed[2] ? Number(parsed[2]) : undefined };
  });
  return { operator, rules: OPERATORS[operator], vars };
}

function compile(parts: Part[]): Matcher {
  let queryStart = parts.length;
  while (queryStart > 0 && isQuery(parts[queryStart - 1])) queryStart--;

  const captures: Capture[] = [];
  let source = '^';
  for (let index = 0; index < queryStart; index++) {
    const part = parts[index];
    if (typeof part === 'string') source += escapeRegExp(part);
    else source += expressionPattern(part, captures, boundaryAfter(parts, index, queryStart));
  }
  if (queryStart < parts.length) source += '([?&][^#]*)?';
  source += '$';

  const query = new Map<string, VarSpec>();
  for (const part of parts.slice(queryStart)) for (const spec of (part as Expression).vars) query.set(spec.name, spec);
  return { pattern: new RegExp(source), captures, query };
}

/** The characters that can start whatever follows the expression at `index`. */
function boundaryAfter(parts: Part[], index: number, queryStart: number): string {
  if (index + 1 === queryStart) return queryStart < parts.length ? '?&' : '';
  const next = parts[index + 1];
  return typeof next === 'string' ? next[0] : next.rules.first;
}

function isQuery(part: Part): boolean {
  return typeof part !== 'string' && (part.operator === '?' || part.operator === '&');
}

function expressionPattern(expression: Expression, captures: Capture[], boundary: string): string {
  const { rules, vars } = expression;
  const ambiguous = vars.length > 1 || vars.some((spec) => spec.explode);
  let stops = ambiguous ? `${rules.stops}${rules.separator},` : rules.stops;
  // A value stops before the character that follows it in the template. Letting it run on and backtrack would make
  // templates like {y}-{m}-{d} match in polynomial time, which a client could exploit with long URIs. Reserved and
  // fragment values may still span segments, as in {+path}/raw: that is what they are for.
  if (!rules.allowReserved || boundary !== '/') stops += boundary;
  const value = `${stops ? `[^${escapeRegExp(stops)}]` : '[\\s\\S]'}${rules.named ? '*' : '+'}`;
  const first = escapeRegExp(rules.first);
  const separator = escapeRegExp(rules.separator);

  return vars
    .map((spec, index) => {
      captures.push({ spec, expression });
      // A later variable follows the separator, or the operator character when the ones before it are absent.
      const lead = index === 0 ? first : rules.first === '' ? separator : `(?:${first}|${separator})`;
      const item = rules.named ? `${escapeRegExp(spec.name)}(?:=${value})?` : value;
      const body = spec.explode ? `${item}(?:${separator}${item})*` : item;
      // Without a leading operator character nothing marks an absent value, so simple and reserved ones are required.
      return rules.first === '' ? `${lead}(${body})` : `(?:${lead}(${body}))?`;
    })
    .join('');
}

function splitExploded(raw: string, spec: VarSpec, rules: OperatorRules): string[] | undefined {
  const items = raw.split(rules.separator);
  const decoded: string[] = [];
  for (const item of items) {
    const value = unname(item, spec, rules);
    if (value === undefined) return undefined;
    decoded.push(value);
  }
  return decoded;
}

/** Strips `name=` from named operators' values and percent-decodes. */
function unname(raw: string, spec: VarSpec, rules: OperatorRules): string | undefined {
  const value = rules.named ? raw.slice(spec.name.length + 1) : raw;
  return decode(value);
}

function matchQuery(path: string, query: string, specs: Map<string, VarSpec>, values: UriValues): boolean {
  // Query parameters continue a query the path part already opened (by a literal '?'), or open one.
  if (query[0] !== (path.includes('?') ? '&' : '?')) return false;

  for (const pair of query.slice(1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const spec = specs.get(name);
    if (!spec) return false;
    const value = decode(equals === -1 ? '' : pair.slice(equals + 1));
    if (spec.explode) {
      if (value === undefined) return false;
      const list = values[spec.name];
      if (Array.isArray(list)) list.push(value);
      else if (!accept(values, spec, [value])) return false;
    } else if (spec.name in values || !accept(values, spec, value)) {
      return false;
    }
  }
  return true;
}

function accept(values: UriValues, spec: VarSpec, value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  if (spec.maxLength !== undefined && typeof value === 'string' && [...value].length > spec.maxLength) return false;
  // defineProperty, because a variable may legitimately be called __proto__.
  Object.defineProperty(values, spec.name, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function expandExpression(expression: Expression, values: Record<string, string | string[] | undefined>): string {
  const { rules } = expression;
  const encode = (value: string) => encodeValue(value, rules.allowReserved);
  const named = (name: string, value: string) => (value === '' ? name + rules.ifEmpty : `${name}=${encode(value)}`);

  const pieces: string[] = [];
  for (const spec of expression.vars) {
    const value = values[spec.name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (!Array.isArray(value)) {
      const text = spec.maxLength === undefined ? String(value) : [...String(value)].slice(0, spec.maxLength).join('');
      pieces.push(rules.named ? named(spec.name, text) : encode(text));
    } else if (spec.explode) {
      pieces.push(value.map((item) => (rules.named ? named(spec.name, item) : encode(item))).join(rules.separator));
    } else {
      const list = value.map(encode).join(',');
      pieces.push(rules.named ? `${spec.name}=${list}` : list);
    }
  }
  return pieces.length === 0 ? '' : rules.first + pieces.join(rules.separator);
}

// The u flag keeps astral characters whole, so they are encoded as one UTF-8 sequence rather than two lone surrogates.
const UNRESERVED_RUN = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~]/gu;
const RESERVED_RUN = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/gu;

function encodeValue(value: string, allowReserved: boolean): string {
  return value.replace(allowReserved ? RESERVED_RUN : UNRESERVED_RUN, (found) =>
    // Reserved expansion passes existing percent-encodings through; every other expansion encodes the '%'.
    found.length === 3 && allowReserved ? found : percentEncode(found),
  );
}

function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return encoded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
