// Finds the ffmpeg that mixes and packages live rooms, and checks at start that it can do the job,
// so a room never fails at its first minute because of a missing filter or encoder.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Ffmpeg {
  path: string
  /** e.g. "5.1.9-0+deb12u1" */
  version: string
}

/** The static ffmpeg inside the optional npm package @ffmpeg-installer/linux-x64 (Linux x64 only), when installed. */
export function shippedFfmpeg(): string | null {
  try {
    return createRequire(import.meta.url).resolve('@ffmpeg-installer/linux-x64/ffmpeg')
  } catch {
    return null
  }
}

/**
 * What we try: the operator's path (PHARE_FFMPEG) alone when set; else `ffmpeg` on PATH
 * (Debian's, kept up to date by the system), then the one shipped in the npm package.
 */
export function ffmpegCandidates(explicit?: string | null): string[] {
  if (explicit) return [explicit]
  const shipped = shippedFfmpeg()
  return shipped ? ['ffmpeg', shipped] : ['ffmpeg']
}

const found = new Map<string, Promise<Ffmpeg>>()

/** The checked ffmpeg, found once per process and path. Throws an Error whose message tells the operator what to install. */
export function findFfmpeg(explicit?: string | null): Promise<Ffmpeg> {
  const key = explicit || ''
  let p = found.get(key)
  if (!p) {
    p = locate(ffmpegCandidates(explicit))
    found.set(key, p)
    // A failure is not kept: the operator may install ffmpeg while Phare runs.
    p.catch(() => { if (found.get(key) === p) found.delete(key) })
  }
  return p
}

async function locate(candidates: string[]): Promise<Ffmpeg> {
  const problems: string[] = []
  for (const path of candidates) {
    try {
      return await check(path)
    } catch (err) {
      problems.push(`${path}: ${(err as Error).message}`)
    }
  }
  throw new Error(
    'Live rooms need ffmpeg with the amix filter, the aac encoder and the mp4 muxer (fragmented). ' +
    'Install it with `apt-get install ffmpeg` (Debian/Ubuntu), or set PHARE_FFMPEG to its path; on Linux x64 `npm install` also brings one (@ffmpeg-installer/linux-x64). Tried: ' + problems.join('; '))
}

/** Checks one binary: it runs, and has what the mixer and the packager use. */
export async function check(path: string): Promise<Ffmpeg> {
  const ask = async (...args: string[]) => {
    const { stdout } = await run(path, ['-hide_banner', ...args], { timeout: 10_000, maxBuffer: 8 << 20 })
    return stdout
  }
  let versionText: string
  try {
    versionText = await ask('-version')
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new Error(e.code === 'ENOENT' ? 'not found' : `does not run (${e.message.split('\n')[0]})`, { cause: err })
  }
  const version = /ffmpeg version (\S+)/.exec(versionText)?.[1]
  if (!version) throw new Error('does not look like ffmpeg (no "ffmpeg version" line)')
  const [filters, encoders, muxers, mp4] = await Promise.all([ask('-filters'), ask('-encoders'), ask('-muxers'), ask('-h', 'muxer=mp4')])
  const missing: string[] = []
  if (!/^\s*\S*\s+amix\s/m.test(filters)) missing.push('the amix filter')
  if (!/^\s*A\S*\s+aac\s/m.test(encoders)) missing.push('the aac encoder')
  if (!/^\s*\S*E\s+mp4\s/m.test(muxers)) missing.push('the mp4 muxer')
  for (const option of ['frag_duration', 'empty_moov', 'default_base_moof', 'skip_trailer']) {
    if (!mp4.includes(option)) missing.push(`the mp4 muxer option ${option} (fragmented MP4)`)
  }
  if (missing.length) throw new Error(`ffmpeg ${version} lacks ${missing.join(', ')}`)
  return { path, version }
}
