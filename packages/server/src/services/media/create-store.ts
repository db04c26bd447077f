import { join } from 'node:path'
import type { Config } from '../../config.ts'
import { localMediaStore } from './local-store.ts'
import { s3MediaStore } from './s3-store.ts'
import type { MediaStore } from './store.ts'

/** The media store the configuration asks for: the S3 bucket when one is set, else PHARE_DATA_DIR/media. */
export function createMediaStore(config: Config): MediaStore {
  if (config.mediaS3Bucket) {
    // loadConfig refuses a bucket without its public URL and keys, so they are set here.
    return s3MediaStore({
      bucket: config.mediaS3Bucket,
      endpoint: config.mediaS3Endpoint ?? undefined,
      region: config.mediaS3Region,
      accessKeyId: config.mediaS3AccessKeyId!,
      secretAccessKey: config.mediaS3SecretAccessKey!,
      publicUrl: config.mediaS3PublicUrl!,
      forcePathStyle: config.mediaS3ForcePathStyle,
    })
  }
  return localMediaStore(join(config.dataDir, 'media'), () => config.publicUrl)
}
