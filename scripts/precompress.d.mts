/** Writes .br and .gz beside every compressible file under `dir`; returns how many files got them. */
export declare function precompress(dir: string): number
