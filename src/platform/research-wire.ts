/**
 * What research mode's capture scripts send to the worker (issue 12): raw webcast payloads, base64, with the caps
 * every hop enforces (the hook keeps no more, the relay believes no more, the router's schema accepts no more).
 */
import { array, integer, object, oneOf, string, type Check } from '../core/schema';

/** One captured payload: a push socket frame or a fetch backlog body, as raw bytes in base64. */
export interface WireFrame {
  source: 'push' | 'fetch';
  /** Page clock (epoch ms) when the page received it. */
  at: number;
  /** The socket's or request's URL (its query names the room). */
  url: string;
  data: string;
}

/** The content-script message `research/frames` (platform/protocol.ts researchFrames). */
export interface FramesPayload {
  pageUrl: string;
  frames: WireFrame[];
  /** Frames the capture side dropped (caps, malformed) since its last message: logged as a diagnostic. */
  dropped: number;
}

/** What the worker answers: how many frames it took, the gift messages in them, and the frames it could not read. */
export interface FramesReply {
  frames: number;
  gifts: number;
  undecodable: number;
}

export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_FRAME_BASE64 = Math.ceil(MAX_FRAME_BYTES / 3) * 4;
export const MAX_FRAMES_PER_BATCH = 200;
export const MAX_URL = 2048;
/** Base64 characters per message to the worker. */
export const MAX_MESSAGE_BASE64 = 4 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64: Check<string> = (value, path) =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_FRAME_BASE64 && value.length % 4 === 0 && BASE64.test(value)
    ? { ok: true, value }
    : { ok: false, reason: `${path}: expected base64 of at most ${MAX_FRAME_BYTES} bytes` };

export const wireFrameSchema = object({
  source: oneOf(['push', 'fetch'] as const), at: integer(0, 8_640_000_000_000_000), url: string(MAX_URL), data: base64,
}) as Check<WireFrame>;

export const framesPayloadSchema = object({
  pageUrl: string(MAX_URL), frames: array(wireFrameSchema, MAX_FRAMES_PER_BATCH), dropped: integer(0, 1_000_000_000),
}) as Check<FramesPayload>;
