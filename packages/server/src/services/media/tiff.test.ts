import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { rgbaTiff } from './tiff.ts'

describe('rgbaTiff', () => {
  it('makes a file libvips reads back exactly, over several strips', async () => {
    const [width, height] = [37, 150] // 150 rows: strips of 64, 64 and 22
    const { file, pixels } = rgbaTiff(width, height)
    for (let i = 0; i < width * height; i++) pixels.set([i % 251, (i >> 3) % 253, 7, 100 + (i % 100)], i * 4)
    const back = await sharp(file).raw().toBuffer({ resolveWithObject: true })
    expect(back.info).toMatchObject({ width, height, channels: 4 })
    expect(Buffer.compare(back.data, Buffer.from(pixels))).toBe(0)
  })

  it('carries an ICC profile, which libvips then reads', async () => {
    const p3 = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).withIccProfile('p3').jpeg().toBuffer()
    const icc = (await sharp(p3).metadata()).icc!
    const { file } = rgbaTiff(4, 4, icc)
    expect(Buffer.compare((await sharp(file).metadata()).icc!, icc)).toBe(0)
  })
})
