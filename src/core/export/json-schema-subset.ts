/**
 * A validator for exactly the part of JSON Schema 2020-12 that public/export-schema.json uses: type, enum, const,
 * minimum/maximum, maxLength, pattern, properties/required/additionalProperties, items/maxItems, oneOf and local
 * `$ref`s into `#/$defs`. Anything else in a schema is refused loudly (never silently ignored), so the shipped schema
 * cannot start relying on a keyword this checker would skip. Written here rather than adding a validator
 * dependency: the stack is fixed, and ~100 lines cover what the exports need.
 */
import type { JsonSchema } from './schema-document';

const SUPPORTED = new Set([
  '$schema', '$id', 'title', 'description', '$defs', 'x-coinsight-schema-version',
  'type', 'enum', 'const', 'minimum', 'maximum', 'maxLength', 'pattern',
  'properties', 'required', 'additionalProperties', 'items', 'maxItems', 'oneOf', '$ref',
]);

export interface SchemaError {
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** The first error, or null when `value` is valid against `schema` (resolved against `root` for `$ref`s). */
export function validateAgainst(root: JsonSchema, value: unknown, schema: JsonSchema = root, path = '$'): SchemaError | null {
  for (const keyword of Object.keys(schema)) {
    if (!SUPPORTED.has(keyword)) throw new Error(`schema keyword "${keyword}" at ${path} is not supported by this validator`);
  }
  const fail = (message: string): SchemaError => ({ path, message });
  if (typeof schema.$ref === 'string') {
    const match = /^#\/\$defs\/([\w-]+)$/.exec(schema.$ref);
    const target = match ? (root.$defs as Record<string, JsonSchema> | undefined)?.[match[1]!] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    const error = validateAgainst(root, value, target, path);
    if (error) return error;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t))) return fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
  }
  if ('const' in schema && value !== schema.const) return fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return fail(`expected one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return fail(`below minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) return fail(`above maximum ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) return fail(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return fail(`more than ${schema.maxItems} items`);
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const error = validateAgainst(root, value[i], schema.items as JsonSchema, `${path}[${i}]`);
        if (error) return error;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!Object.hasOwn(object, key)) return fail(`missing required property "${key}"`);
    }
    for (const key of Object.keys(object)) {
      const child = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (child) {
        const error = validateAgainst(root, object[key], child, `${path}.${key}`);
        if (error) return error;
      } else if (schema.additionalProperties === false) {
        return fail(`unexpected property "${key}"`);
      }
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as JsonSchema[]).filter((branch) => validateAgainst(root, value, branch, path) === null).length;
    if (passing !== 1) return fail(`expected exactly one oneOf branch to match, ${passing} did`);
  }
  return null;
}
