import { parseId } from '../../ids.ts'

/** Parses the ids of a multi-get; malformed ones are left out, as unknown ones are. */
export function parseIds(raw: string[]): number[] {
  return [...new Set(raw.map(parseId).filter((x): x is number => x !== null))]
}
