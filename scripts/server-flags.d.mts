/** Node.js flags the Phare server runs with (see server-flags.mjs). */
export declare const SERVER_NODE_FLAGS: string[]
/** Environment the Phare server runs with unless the operator set it (see server-flags.mjs). */
export declare const SERVER_ENV: Record<string, string>
