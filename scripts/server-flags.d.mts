/** Node.js flags the Phare server runs with (see server-flags.mjs). */
export declare const SERVER_NODE_FLAGS: string[]
