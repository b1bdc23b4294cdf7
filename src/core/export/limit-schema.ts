/**
 * The JSON Schema of one limit rule in a backup's limits block (schema version 4), written from the same constants as
 * core/limits.ts `limitRuleSchema`, which the restore applies (schema-document.test.ts checks that a rule of every
 * scope, period and cap kind passes both).
 */
import { MAX_CUSTOM_DAYS, MAX_RULES } from '../limits';
import type { JsonSchema } from './schema-document';

const tag = (kind: string, properties: Record<string, JsonSchema> = {}, required: string[] = []): JsonSchema => ({
  type: 'object', additionalProperties: false, required: ['kind', ...required], properties: { kind: { const: kind }, ...properties },
});
const int = (minimum: number, maximum: number): JsonSchema => ({ type: 'integer', minimum, maximum });

export const limitRuleJsonSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'scope', 'period', 'cap', 'action', 'carryOver', 'overridesPerPeriod', 'confirmDelaySeconds', 'createdAt'],
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f-]{36}$' },
    scope: {
      oneOf: [
        tag('all'),
        tag('creator', { creator: { type: 'string', maxLength: 100 }, handle: { type: 'string', maxLength: 100 } }, ['creator']),
        tag('live'),
      ],
    },
    period: {
      oneOf: [
        tag('day'), tag('week'), tag('month'),
        tag('custom', { days: int(1, MAX_CUSTOM_DAYS), from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } }, ['days', 'from']),
      ],
    },
    cap: {
      oneOf: [
        tag('coins', { coins: int(0, 1e12) }, ['coins']),
        tag('money', {
          money: {
            type: 'object', additionalProperties: false, required: ['minor', 'currency'],
            properties: { minor: int(0, 1e12), currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
          },
        }, ['money']),
      ],
    },
    action: { enum: ['warn', 'confirm', 'block'] },
    carryOver: { enum: ['reset', 'roll-unused', 'carry-overspend'] },
    overridesPerPeriod: int(0, 100),
    confirmDelaySeconds: int(0, 600),
    createdAt: int(0, 8.64e15),
  },
};

export const limitsJsonSchema: JsonSchema = { type: 'array', items: { $ref: '#/$defs/limitRule' }, maxItems: MAX_RULES };
