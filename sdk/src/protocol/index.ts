/** The wire contract shared by the SDK and the server (Ant Media's WebSocket protocol). */
export * from './build.js';
export * from './clientMessages.js';
export * from './dataChannelEvents.js';
export * from './definitions.js';
export * from './serverMessages.js';
export * from './streamId.js';
export * from './validate.js';
export type { Fields, FieldSpec, Shape } from './schema.js';
