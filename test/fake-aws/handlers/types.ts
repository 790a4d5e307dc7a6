import type { CallCtx } from '../context.js';

/**
 * One operation of the fake: the request's input (typed per operation by the SDK's request type)
 * to its answer (the SDK's response type, without $metadata), or a thrown service error.
 */
// `any` input: each handler annotates its own SDK request type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (input: any, ctx: CallCtx) => unknown;
export type Handlers = Record<string, Handler>;
