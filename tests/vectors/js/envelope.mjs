// Prisma envelope format 2 (docs/formats.md), written from the format description alone:
// pure JavaScript on @noble/curves, @noble/ciphers and @noble/hashes, no libsodium.
// A sealed box is built here from its primitives: X25519, HSalsa20, XSalsa20-Poly1305 and a
// BLAKE2b-192 nonce, as libsodium's crypto_box_seal defines it.
import { ed25519, x25519 } from '@noble/curves/ed25519';
import { xchacha20poly1305 } from '@noble/ciphers/chacha';
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa';
import { blake2b } from '@noble/hashes/blake2b';
import { randomBytes } from '@noble/hashes/utils';
import { endianness } from 'node:os';

export const SLOTS = 4;
export const SLOT_BYTES = 80;
export const PADDED = 4096;
const NONCE = 24;
const CT = PADDED + 16;
const SIG = 64;
const MAGIC = [0x50, 0x52, 0x53, 0x45]; // "PRSE"

if (endianness() !== 'LE') throw new Error('hsalsa below reads words little-endian');
const u32 = (bytes) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const SIGMA = u32(new TextEncoder().encode('expand 32-byte k'));

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// crypto_box_beforenm: HSalsa20 of the X25519 shared point with a zero nonce.
function boxKey(secret, publicKey) {
  const shared = x25519.getSharedSecret(secret, publicKey); // throws on a small-order point
  const out = new Uint32Array(8);
  hsalsa(SIGMA, u32(Uint8Array.from(shared)), new Uint32Array(4), out);
  return new Uint8Array(out.buffer);
}

const sealNonce = (ephemeral, recipient) => blake2b(concat(ephemeral, recipient), { dkLen: 24 });

// crypto_box_seal: ephemeral public key, then XSalsa20-Poly1305 (tag first) of MESSAGE.
export function sealBox(message, recipientPublic, eSecret = randomBytes(32)) {
  const ePublic = x25519.getPublicKey(eSecret);
  const box = xsalsa20poly1305(boxKey(eSecret, recipientPublic), sealNonce(ePublic, recipientPublic));
  return concat(ePublic, box.encrypt(message));
}

// crypto_box_seal_open: the message, or null when the box is not for this key.
export function openBox(sealed, recipientPublic, recipientSecret) {
  const ePublic = sealed.subarray(0, 32);
  try {
    const box = xsalsa20poly1305(boxKey(recipientSecret, ePublic), sealNonce(ePublic, recipientPublic));
    return box.decrypt(sealed.subarray(32));
  } catch {
    return null;
  }
}

export function layout(env) {
  if (env.length < 6 || MAGIC.some((b, i) => env[i] !== b)) throw new Error('magic: not a Prisma envelope');
  if (env[4] !== 2) throw new Error(`version: ${env[4]} is not supported`);
  const t = env[5];
  if (t < 1 || t > 32) throw new Error('terminal id: malformed');
  const terminalId = new TextDecoder().decode(env.subarray(6, 6 + t));
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(terminalId) || terminalId.length !== t) throw new Error('terminal id: malformed');
  const slots = 6 + t + 8;
  const nonce = slots + SLOTS * SLOT_BYTES;
  const ciphertext = nonce + NONCE;
  const signature = ciphertext + CT;
  const total = signature + SIG;
  if (env.length !== total) throw new Error(`length: ${env.length}, expected ${total}`);
  const counter = new DataView(env.buffer, env.byteOffset).getBigUint64(6 + t, false);
  return { terminalId, counter, slots, nonce, ciphertext, signature, total };
}

export function verify(env, signerPublic) {
  const lay = layout(env);
  return ed25519.verify(env.subarray(lay.signature), env.subarray(0, lay.signature), signerPublic);
}

// ISO/IEC 7816-4: the payload, 0x80, zeros.
function unpad(padded) {
  let i = padded.length - 1;
  while (i >= 0 && padded[i] === 0) i--;
  if (i < 0 || padded[i] !== 0x80) throw new Error('padding: malformed');
  return padded.subarray(0, i);
}

// The payload bytes, or null when no slot opens with this key.
export function open(env, recipientPublic, recipientSecret) {
  const lay = layout(env);
  for (let i = 0; i < SLOTS; i++) {
    const slot = env.subarray(lay.slots + i * SLOT_BYTES, lay.slots + (i + 1) * SLOT_BYTES);
    const dataKey = openBox(slot, recipientPublic, recipientSecret);
    if (!dataKey) continue;
    const aead = xchacha20poly1305(dataKey, env.subarray(lay.nonce, lay.ciphertext), env.subarray(0, lay.ciphertext));
    return unpad(aead.decrypt(env.subarray(lay.ciphertext, lay.signature)));
  }
  return null;
}

// The vectors' deterministic randomness (tests/vectors/det_random.h): BLAKE2b-512 keyed with
// the 32-byte seed over the block number (u64 little-endian), blocks concatenated.
export function detRandom(seed) {
  let block = new Uint8Array(0), used = 0, next = 0n;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (used === block.length) {
        const counter = new Uint8Array(8);
        new DataView(counter.buffer).setBigUint64(0, next++, true);
        block = blake2b(counter, { key: seed, dkLen: 64 });
        used = 0;
      }
      out[i] = block[used++];
    }
    return out;
  };
}

// libsodium's randombytes_uniform: rejection sampling on 32-bit little-endian draws.
function uniform(rand, bound) {
  if (bound < 2) return 0;
  const min = (2 ** 32 - bound) % bound;
  let r;
  do { r = new DataView(rand(4).buffer).getUint32(0, true); } while (r < min);
  return r % bound;
}

// Seals PAYLOAD (bytes) to 1..4 recipient public keys and signs with the Ed25519 SIGNERSEED.
// RAND(n) gives n random bytes; its draws come in the C code's order (data key, slot shuffle,
// then per slot an ephemeral secret or a decoy's scalar and 48 bytes, then the nonce), so a
// seeded RAND reproduces the C envelope byte for byte.
export function seal(terminalId, counter, recipientPublics, payload, signerSeed, rand = randomBytes) {
  if (recipientPublics.length < 1 || recipientPublics.length > SLOTS) throw new Error('recipients: 1 to 4');
  if (payload.length > PADDED - 1) throw new Error('payload: too large');
  const tid = new TextEncoder().encode(terminalId);
  const head = new Uint8Array(6 + tid.length + 8);
  head.set(MAGIC, 0);
  head[4] = 2;
  head[5] = tid.length;
  head.set(tid, 6);
  new DataView(head.buffer).setBigUint64(6 + tid.length, BigInt(counter), false);
  const dataKey = rand(32);
  const order = [0, 1, 2, 3];
  for (let i = SLOTS - 1; i > 0; i--) {
    const j = uniform(rand, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const slots = new Array(SLOTS);
  for (let i = 0; i < SLOTS; i++) {
    if (i < recipientPublics.length) {
      slots[order[i]] = sealBox(dataKey, recipientPublics[i], rand(32));
    } else {
      const point = x25519.getPublicKey(rand(32));
      slots[order[i]] = concat(point, rand(48));
    }
  }
  const nonce = rand(NONCE);
  const ad = concat(head, ...slots, nonce);
  const padded = new Uint8Array(PADDED);
  padded.set(payload, 0);
  padded[payload.length] = 0x80;
  const body = concat(ad, xchacha20poly1305(dataKey, nonce, ad).encrypt(padded));
  return concat(body, ed25519.sign(body, signerSeed));
}
