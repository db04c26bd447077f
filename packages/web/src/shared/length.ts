// The server's own post-length rule, imported (not copied) so the composer's counter
// and the server's 422 agree to the character: URLs count 23, remote mentions count
// as the local part, grapheme clusters (see packages/server/src/services/statuses/length.ts).
export { statusLength } from '../../../server/src/services/statuses/length.ts'
