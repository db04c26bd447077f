import { describe, expect, it } from 'vitest'
import { check, findFfmpeg, shippedFfmpeg } from './ffmpeg.ts'

describe('ffmpeg for live rooms', () => {
  it('finds an ffmpeg with amix, aac and fragmented mp4', async () => {
    const ff = await findFfmpeg()
    expect(ff.version).toMatch(/^\S+$/)
    expect(ff.path).toBeTruthy()
  })

  it('says what to install when the binary is missing', async () => {
    // The operator's path is used alone: a wrong PHARE_FFMPEG is reported, not silently replaced.
    await expect(findFfmpeg('/nonexistent/ffmpeg-phare')).rejects.toThrow(/apt-get install ffmpeg.*PHARE_FFMPEG.*not found/)
    await expect(check('/nonexistent/ffmpeg-phare')).rejects.toThrow('not found')
  })

  it('rejects a program that is not ffmpeg', async () => {
    await expect(check('/bin/true')).rejects.toThrow(/does not look like ffmpeg/)
  })

  it('the ffmpeg shipped in the npm package (used when the system has none) has what rooms need', async () => {
    const shipped = shippedFfmpeg()
    expect(shipped, 'npm install brings @ffmpeg-installer/linux-x64 on Linux x64').toBeTruthy()
    const ff = await check(shipped!)
    expect(ff.path).toBe(shipped)
  })
})
