/**
 * What views need to know about managed configuration without its parser (the popup's first paint stays small):
 * how a rule set by policy is told apart, and where the worker keeps its copy of the policy.
 */

/** storage.local key of the worker's copy of the policy (background/managed/policy.ts writes it, from policy only). */
export const MANAGED_KEY = 'managedPolicy';
/** Every managed rule's id starts with this; a user's rule id is a UUID (hex and dashes), so the two never collide. */
export const MANAGED_ID_PREFIX = 'managed-';

export function isManagedRuleId(id: string): boolean {
  return id.startsWith(MANAGED_ID_PREFIX);
}
