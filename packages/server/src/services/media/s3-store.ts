// Media in an S3-compatible bucket (AWS, MinIO, R2, Garage…), so that every machine of a
// multi-machine Phare sees the same files. Phare only writes and deletes; people fetch the
// files from the bucket's public URL or a CDN in front of it, never through Phare.
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { isContentKey, type MediaStore } from './store.ts'

export interface S3StoreOptions {
  bucket: string
  /** The S3 API URL of a non-AWS store; undefined means AWS. */
  endpoint?: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** The URL the bucket's files are served from, without a trailing slash. */
  publicUrl: string
  forcePathStyle: boolean
  /** How long one request may take before it is abandoned (and retried); 30 s unless a test wants less. */
  requestTimeoutMs?: number
}

// A key names its content forever (see store.ts), so any cache may keep it for good.
const CACHE_CONTROL = 'public, max-age=31536000, immutable'

/** A MediaStore on an S3-compatible bucket; URLs are `${publicUrl}/${key}`. */
export function s3MediaStore(o: S3StoreOptions): MediaStore {
  const timeout = o.requestTimeoutMs ?? 30_000
  const client = new S3Client({
    region: o.region,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    forcePathStyle: o.forcePathStyle,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    maxAttempts: 3,
    // Without throwOnRequestTimeout the SDK only logs a warning and the request can hang for good.
    requestHandler: { connectionTimeout: Math.min(timeout, 5_000), requestTimeout: timeout, throwOnRequestTimeout: true },
    // The SDK's default CRC checksums are refused by several S3-compatible stores; send them only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })

  const assertKey = (key: string) => {
    if (!isContentKey(key)) throw new Error(`not a media key: ${key}`)
  }
  /** An SDK error rewritten to say what failed where, and what the operator can check. */
  const explain = (action: string, key: string, e: unknown): Error => {
    const status = (e as S3ServiceException).$metadata?.httpStatusCode
    const code = e instanceof S3ServiceException ? `${e.name}${status ? ` (HTTP ${status})` : ''}` : (e as Error).name
    const hint = status === 403 || status === 401
      ? 'check PHARE_MEDIA_S3_ACCESS_KEY_ID, PHARE_MEDIA_S3_SECRET_ACCESS_KEY and the key\'s permissions on the bucket'
      : status === 404 || status === 301 ? 'check PHARE_MEDIA_S3_BUCKET, PHARE_MEDIA_S3_REGION and PHARE_MEDIA_S3_ENDPOINT'
      : status === undefined ? 'check that PHARE_MEDIA_S3_ENDPOINT (or AWS) is reachable from this machine' : ''
    const message = (e as Error).message.replace(/\.$/, '')
    return new Error(`S3 media store: ${action} ${key} in bucket "${o.bucket}" failed: ${code}: ${message}${hint ? `; ${hint}` : ''}`, { cause: e })
  }

  /** Whether the bucket already holds `bytes` bytes under key (same key, same content). */
  const alreadyThere = async (key: string, length: number): Promise<boolean> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: key }))
      return head.ContentLength === length
    } catch (e) {
      const status = (e as S3ServiceException).$metadata?.httpStatusCode
      // S3 answers 403 rather than 404 for a missing key when the access key may not list the
      // bucket; the upload that follows reports real permission problems.
      if (status === 404 || status === 403) return false
      throw explain('checking', key, e)
    }
  }

  return {
    async put(key, bytes, contentType) {
      assertKey(key)
      if (await alreadyThere(key, bytes.length)) return
      try {
        await client.send(new PutObjectCommand({
          Bucket: o.bucket, Key: key, Body: bytes, ContentLength: bytes.length, ContentType: contentType, CacheControl: CACHE_CONTROL,
        }))
      } catch (e) { throw explain('uploading', key, e) }
    },
    async delete(key) {
      assertKey(key)
      try {
        await client.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: key }))
      } catch (e) {
        // S3 answers 204 for a missing key; a NoSuchKey from another store means the same, a NoSuchBucket does not.
        if ((e as Error).name === 'NoSuchKey') return
        throw explain('deleting', key, e)
      }
    },
    urlOf: (key) => `${o.publicUrl}/${key}`,
    async close() { client.destroy() },
  }
}
