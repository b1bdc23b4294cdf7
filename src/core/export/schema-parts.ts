/** The building blocks of the export's JSON Schema, shared by the ledger's (schema-document.ts) and the room log's (room-log-schema.ts). */
export type JsonSchema = { [key: string]: unknown };

export const MAX_AT = 8_640_000_000_000_000;
const ISO_WITH_OFFSET = '^[+-]?\\d{4,6}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}$';
export const text = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
export const orNull = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as string, 'null'] });
export const int = (minimum: number, maximum: number): JsonSchema => ({ type: 'integer', minimum, maximum });
export const timestamp: JsonSchema = { type: 'string', pattern: ISO_WITH_OFFSET };
export const record = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object', additionalProperties: false, required, properties,
});
/** One NDJSON line: the record with its `type`. */
export const line = (type: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema =>
  record({ type: { const: type }, ...properties }, ['type', ...required]);
