/**
 * Envelope encryption: every object gets a fresh 256-bit data key; the data key is wrapped by the
 * key-encryption key (KEK). Both layers are AES-256-GCM with a random 96-bit IV, and both bind the
 * caller's encryption context as additional authenticated data, so a ciphertext moved to another
 * row, function or purpose fails to open (SECURITY.md, invariant 5; Lambda encrypts packages and
 * variables at rest too: https://docs.aws.amazon.com/lambda/latest/dg/encrypt-zip-package.html).
 *
 * Layout: "LBX1" | kekId(8) | wrapIv(12) | wrappedKey(32) | wrapTag(16) | iv(12) | tag(16) | ciphertext
 *
 * "LBX2" has the same layout for high-rate small objects (queued events): the data key is shared by
 * many objects for a short while (see SharedDataKey), so its wrap binds a fixed context instead of
 * the object's; each object still has its own random IV and binds its own context in the body's AAD,
 * so it opens only as what it was sealed for. Two GCM operations and three random draws per object
 * become one of each.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('LBX1', 'ascii');
const MAGIC_SHARED = Buffer.from('LBX2', 'ascii');
/**
 * What a shared data key's wrap is bound to: its format and purpose. LBX1 wraps bind `dek:<context>`,
 * so no LBX1 context can produce this AAD (with `dek:shared` a context "shared" would have), and an
 * LBX1 header never unwraps as an LBX2 one or the reverse.
 */
const SHARED_WRAP_AAD = Buffer.from('LBX2/shared-dek', 'utf8');
const KEK_ID_LENGTH = 8;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;
const HEADER_LENGTH = MAGIC.length + KEK_ID_LENGTH + IV_LENGTH + KEY_LENGTH + TAG_LENGTH + IV_LENGTH + TAG_LENGTH;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

function gcmEncrypt(key: Buffer, plaintext: Uint8Array, aad: Buffer): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function gcmDecrypt(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

export interface KeyEncryptionKey {
  /** Short identifier stored with each envelope so a rotated KEK can be found again. */
  readonly id: Buffer;
  readonly key: Buffer;
}

/** Seals `plaintext` under a fresh data key wrapped by `kek`, bound to `context`. */
export function sealEnvelope(kek: KeyEncryptionKey, plaintext: Uint8Array, context: string): Buffer {
  const aad = Buffer.from(context, 'utf8');
  const dataKey = randomBytes(KEY_LENGTH);
  try {
    const wrapped = gcmEncrypt(kek.key, dataKey, Buffer.concat([Buffer.from('dek:'), aad]));
    const body = gcmEncrypt(dataKey, plaintext, aad);
    return Buffer.concat([MAGIC, kek.id, wrapped.iv, wrapped.ciphertext, wrapped.tag, body.iv, body.tag, body.ciphertext]);
  } finally {
    dataKey.fill(0);
  }
}

/** A data key sealing many objects ("LBX2"), with its wrapped form: the envelope header up to the IV. */
export interface SharedDataKey {
  readonly key: Buffer;
  readonly header: Buffer;
}

export function newSharedDataKey(kek: KeyEncryptionKey): SharedDataKey {
  const key = randomBytes(KEY_LENGTH);
  const wrapped = gcmEncrypt(kek.key, key, SHARED_WRAP_AAD);
  return { key, header: Buffer.concat([MAGIC_SHARED, kek.id, wrapped.iv, wrapped.ciphertext, wrapped.tag]) };
}

/** Seals `plaintext` under a shared data key, bound to `context`; `iv` must be fresh random bytes (12). */
export function sealWithSharedKey(dataKey: SharedDataKey, plaintext: Uint8Array, context: string, iv: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const first = cipher.update(plaintext);
  const last = cipher.final();
  return Buffer.concat([dataKey.header, iv, cipher.getAuthTag(), first, last]);
}

/** Reads the KEK id of an envelope so the caller can pick the right key after a rotation. */
export function envelopeKekId(sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const magic = buf.subarray(0, MAGIC.length);
  if (buf.length < HEADER_LENGTH || !(magic.equals(MAGIC) || magic.equals(MAGIC_SHARED))) {
    throw new DecryptionError('not a lambdabox envelope');
  }
  return buf.subarray(MAGIC.length, MAGIC.length + KEK_ID_LENGTH);
}

/**
 * Opens an envelope of either kind. `sharedKeys` keeps unwrapped shared data keys (by their wrapped
 * bytes) so objects sealed under one key do not each pay for the unwrap.
 */
export function openEnvelope(kek: KeyEncryptionKey, sealed: Uint8Array, context: string, sharedKeys?: Map<string, Buffer>): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (!envelopeKekId(buf).equals(kek.id)) throw new DecryptionError('envelope was sealed under another key');
  const shared = buf.subarray(0, MAGIC.length).equals(MAGIC_SHARED);
  const aad = Buffer.from(context, 'utf8');
  let offset = MAGIC.length + KEK_ID_LENGTH;
  const take = (n: number): Buffer => {
    const part = buf.subarray(offset, offset + n);
    offset += n;
    return part;
  };
  const wrapIv = take(IV_LENGTH);
  const wrappedKey = take(KEY_LENGTH);
  const wrapTag = take(TAG_LENGTH);
  const iv = take(IV_LENGTH);
  const tag = take(TAG_LENGTH);
  const ciphertext = buf.subarray(offset);
  let dataKey: Buffer | undefined;
  try {
    if (!shared) {
      dataKey = gcmDecrypt(kek.key, wrapIv, wrapTag, wrappedKey, Buffer.concat([Buffer.from('dek:'), aad]));
      return gcmDecrypt(dataKey, iv, tag, ciphertext, aad);
    }
    const id = buf.toString('base64', 0, HEADER_LENGTH - IV_LENGTH - TAG_LENGTH);
    const known = sharedKeys?.get(id);
    if (known !== undefined) return gcmDecrypt(known, iv, tag, ciphertext, aad);
    const unwrapped = gcmDecrypt(kek.key, wrapIv, wrapTag, wrappedKey, SHARED_WRAP_AAD);
    if (sharedKeys === undefined) dataKey = unwrapped;
    else {
      if (sharedKeys.size >= 64) {
        const oldest = sharedKeys.keys().next();
        if (oldest.done !== true) sharedKeys.delete(oldest.value);
      }
      sharedKeys.set(id, unwrapped);
    }
    return gcmDecrypt(unwrapped, iv, tag, ciphertext, aad);
  } catch {
    // GCM failures carry no useful detail and must not reveal which layer failed.
    throw new DecryptionError('envelope failed authentication (wrong key or context, or tampered data)');
  } finally {
    dataKey?.fill(0);
  }
}
