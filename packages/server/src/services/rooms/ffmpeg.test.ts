import { describe, expect, it } from 'vitest'
import { check, findFfmpeg } from './ffmpeg.ts'

describe('ffmpeg for live rooms', () => {
  it('finds an ffmpeg with amix, aac and fragmented mp4', async () => {
    const ff = await findFfmpeg()
    expect(ff.version).toMatch(/^\S+$/)
    expect(ff.path).toBeTruthy()
  })

  it('says what to install when the binary is missing', async () => {
    await expect(findFfmpeg('/nonexistent/ffmpeg-phare')).resolves.toBeTruthy() // falls back to PATH
    await expect(check('/nonexistent/ffmpeg-phare')).rejects.toThrow('not found')
  })

  it('rejects a program that is not ffmpeg', async () => {
    await expect(check('/bin/true')).rejects.toThrow(/does not look like ffmpeg/)
  })
})
