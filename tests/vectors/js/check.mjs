// Checks the C implementation against this independent one (envelope.mjs), printing
// "ok NAME" / "not ok NAME" lines for tools/run-tests.sh.
//   node check.mjs [FRESH.env]   also seal a new envelope (to alice and bob) into FRESH.env
//   node check.mjs --write-js-vector   rewrite ../js-sealed.env and ../js-vector.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from './envelope.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const b64 = (s) => Uint8Array.from(Buffer.from(s, 'base64'));
const hex = (b) => Buffer.from(b).toString('hex');
const keyFile = (name) => JSON.parse(readFileSync(join(here, 'keys', `${name}.key`), 'utf8'));
const keys = {};
for (const name of ['alice', 'bob', 'eve']) {
  const k = keyFile(name);
  keys[name] = { pub: b64(k.public), sec: b64(k.secret) };
}
const terminal = keyFile('terminal');
const signerPublic = b64(terminal.public);
const signerSeed = b64(terminal.secret).subarray(0, 32);
let failed = 0;

function check(name, fn) {
  let result;
  try { result = fn(); } catch (e) { result = e.message; }
  if (result === true) console.log(`ok ${name}`);
  else { failed++; console.log(`not ok ${name}${typeof result === 'string' ? `: ${result}` : ''}`); }
}

const JS_PAYLOAD = '{"contact":{"mode":"code"},"created":"2026-11-29T09:00:00Z","language":"en",' +
  '"message":"sealed by JavaScript \u00e9","reference":"JS7Q-4XPA","service":"akt","times":""}';

const JS_SEED = new Uint8Array(32).fill(0x54);
const sealJsVector = () => E.seal('js-terminal', 7, [keys.alice.pub, keys.bob.pub], new TextEncoder().encode(JS_PAYLOAD), signerSeed, E.detRandom(JS_SEED));

if (process.argv[2] === '--write-js-vector') {
  writeFileSync(join(here, 'js-sealed.env'), sealJsVector());
  writeFileSync(join(here, 'js-vector.json'), JSON.stringify({
    file: 'js-sealed.env', terminal_id: 'js-terminal', counter: '7', opened_by: 'alice,bob',
    rng_seed: hex(JS_SEED), payload: JS_PAYLOAD,
  }, null, 2) + '\n');
  process.exit(0);
}

// 1. Every envelope the C code sealed: clear bytes as expected, signature, who opens it.
for (const v of JSON.parse(readFileSync(join(here, 'c-vectors.json'), 'utf8'))) {
  const env = Uint8Array.from(readFileSync(join(here, v.file)));
  const lay = E.layout(env);
  check(`js reads ${v.file}: terminal, counter, size, clear bytes`, () =>
    lay.terminalId === v.terminal_id && lay.counter === BigInt(v.counter) && env.length === v.size &&
    hex(env.subarray(0, 6 + v.terminal_id.length + 8)) === v.clear_header_hex);
  check(`js verifies the C signature of ${v.file}`, () => E.verify(env, signerPublic));
  for (const name of ['alice', 'bob', 'eve']) {
    const expected = v.opened_by.split(',').includes(name);
    check(`js ${expected ? 'opens' : 'cannot open'} ${v.file} with ${name}`, () => {
      const plain = E.open(env, keys[name].pub, keys[name].sec);
      return expected ? plain !== null && new TextDecoder().decode(plain) === v.payload : plain === null;
    });
  }
  check(`js seals ${v.file} again byte for byte from its inputs and seed`, () => {
    const to = v.opened_by.split(',').map((name) => keys[name].pub);
    const again = E.seal(v.terminal_id, BigInt(v.counter), to, new TextEncoder().encode(v.payload), signerSeed,
      E.detRandom(Uint8Array.from(Buffer.from(v.rng_seed, 'hex'))));
    return hex(again) === hex(env) || `differs from byte ${again.findIndex((b, i) => b !== env[i])}`;
  });
  const bad = env.slice();
  bad[lay.nonce] ^= 1;
  check(`js rejects ${v.file} with one bit flipped`, () => !E.verify(bad, signerPublic));
}

check('js-sealed.env is what this implementation seals from its seed', () =>
  hex(sealJsVector()) === hex(readFileSync(join(here, 'js-sealed.env'))));

// 2. An envelope sealed here opens here (the C side opens it: tests/vectors/vectors.sh).
const fresh = E.seal('js-terminal', 8, [keys.alice.pub, keys.bob.pub], new TextEncoder().encode(JS_PAYLOAD), signerSeed);
check('js seals an envelope of the fixed size', () => fresh.length === 4534 + 'js-terminal'.length);
check('js opens its own envelope', () => new TextDecoder().decode(E.open(fresh, keys.alice.pub, keys.alice.sec)) === JS_PAYLOAD &&
  E.open(fresh, keys.eve.pub, keys.eve.sec) === null && E.verify(fresh, signerPublic));
if (process.argv[2]) writeFileSync(process.argv[2], fresh);
process.exit(failed ? 1 : 0);
