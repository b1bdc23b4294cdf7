/**
 * The lock status message's wire type, on its own: the blocked page (built without the protocol module, to stay
 * small) asks for the status with it. platform/protocol.ts uses the same constant.
 */
export const LOCK_STATUS_TYPE = 'lock/status';
