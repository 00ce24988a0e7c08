// Test driver for typage (npm age-encryption, installed by scripts/setup.sh into .tools/typage/<version>).
// Reads one JSON request on stdin, writes one JSON answer on stdout; keys and payloads never go through argv.
//   {op: "keygen"}                                   -> {identity, recipient}   (generateHybridIdentity)
//   {op: "recipient", identity}                      -> {recipient}            (identityToRecipient)
//   {op: "encrypt", recipients: [...], data: b64}    -> {armored}              (Encrypter + armor.encode)
//   {op: "decrypt", identities: [...], data: text}   -> {data: b64}            (armor.decode when armored, Decrypter)
//   {op: "tag-keygen", hybrid: bool}                 -> {secret: hex, recipient}
//   {op: "tag-decrypt", hybrid, secret, data: text}  -> {data: b64}
// typage has no software identity for tag stanzas (only WebAuthn), so "tag-decrypt" gives typage's Decrypter an
// Identity object built from the same noble primitives typage itself uses: P-256 DHKEM or MLKEM768-P256, the
// HPKE key schedule of RFC 9180, and the 4-byte tag; typage still parses the header, checks its MAC and the payload.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = process.env.TYPAGE_DIR;
if (!root) throw new Error('TYPAGE_DIR is not set');
const load = (p) => import(pathToFileURL(join(root, 'node_modules', p)).href);
const age = await load('age-encryption/dist/index.js');
const { bech32, base64nopad } = await load('@scure/base/index.js');
const { p256 } = await load('@noble/curves/nist.js');
const { MLKEM768P256 } = await load('@noble/post-quantum/hybrid.js');
const { sha256 } = await load('@noble/hashes/sha2.js');
const { extract, expand } = await load('@noble/hashes/hkdf.js');
const { chacha20poly1305 } = await load('@noble/ciphers/chacha.js');

const text = (s) => new TextEncoder().encode(s);
const cat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const u16 = (n) => new Uint8Array([n >> 8, n & 0xff]);
const labeledExtract = (suite, salt, label, ikm) => extract(sha256, cat(text('HPKE-v1'), suite, text(label), ikm), salt);
const labeledExpand = (suite, prk, label, info, n) => expand(sha256, prk, cat(u16(n), text('HPKE-v1'), suite, text(label), info), n);

function open(kemId, sharedSecret, info, body) {
  const suite = cat(text('HPKE'), u16(kemId), u16(1), u16(3));
  const context = cat(new Uint8Array([0]),
    labeledExtract(suite, undefined, 'psk_id_hash', new Uint8Array(0)),
    labeledExtract(suite, undefined, 'info_hash', text(info)));
  const secret = labeledExtract(suite, sharedSecret, 'secret', new Uint8Array(0));
  const key = labeledExpand(suite, secret, 'key', context, 32);
  const nonce = labeledExpand(suite, secret, 'base_nonce', context, 12);
  return chacha20poly1305(key, nonce).decrypt(body);
}

function tagOf(enc, recipientKey, label) {
  return extract(sha256, cat(enc, sha256(recipientKey).subarray(0, 4)), text(label)).subarray(0, 4);
}

function tagIdentity(hybrid, secret) {
  const type = hybrid ? 'mlkem768p256tag' : 'p256tag';
  const label = 'age-encryption.org/' + type;
  const publicKey = hybrid ? MLKEM768P256.getPublicKey(secret) : p256.getPublicKey(secret, true);
  const tagged = hybrid ? publicKey.subarray(1184) : publicKey;
  return {
    unwrapFileKey(stanzas) {
      for (const s of stanzas) {
        if (s.args[0] !== type) continue;
        if (s.args.length !== 3) throw new Error('invalid ' + type + ' stanza');
        const tag = base64nopad.decode(s.args[1]);
        const enc = base64nopad.decode(s.args[2]);
        if (Buffer.compare(Buffer.from(tag), Buffer.from(tagOf(enc, tagged, label))) !== 0) continue;
        let shared;
        if (hybrid) {
          shared = MLKEM768P256.decapsulate(enc, secret);
        } else {
          const dh = p256.getSharedSecret(secret, enc, true).subarray(1);
          const suite = cat(text('KEM'), u16(0x0010));
          const prk = labeledExtract(suite, undefined, 'eae_prk', dh);
          shared = labeledExpand(suite, prk, 'shared_secret', cat(enc, p256.Point.fromBytes(publicKey).toBytes(false)), 32);
        }
        return open(hybrid ? 0x0050 : 0x0010, shared, label, s.body);
      }
      return null;
    },
  };
}

function unarmor(data) {
  return data.startsWith('-----BEGIN AGE ENCRYPTED FILE-----') ? age.armor.decode(data) : Buffer.from(data, 'base64');
}

async function handle(req) {
  switch (req.op) {
    case 'keygen': {
      const identity = await age.generateHybridIdentity();
      return { identity, recipient: await age.identityToRecipient(identity) };
    }
    case 'recipient':
      return { recipient: await age.identityToRecipient(req.identity) };
    case 'encrypt': {
      const e = new age.Encrypter();
      for (const r of req.recipients) e.addRecipient(r);
      return { armored: age.armor.encode(await e.encrypt(Buffer.from(req.data, 'base64'))) };
    }
    case 'decrypt': {
      const d = new age.Decrypter();
      for (const i of req.identities) d.addIdentity(i);
      return { data: Buffer.from(await d.decrypt(unarmor(req.data))).toString('base64') };
    }
    case 'tag-keygen': {
      const secret = req.hybrid ? crypto.getRandomValues(new Uint8Array(32)) : p256.utils.randomSecretKey();
      const key = req.hybrid ? MLKEM768P256.getPublicKey(secret) : p256.getPublicKey(secret, true);
      const hrp = req.hybrid ? 'age1tagpq' : 'age1tag';
      return { secret: Buffer.from(secret).toString('hex'), recipient: bech32.encode(hrp, bech32.toWords(key), false) };
    }
    case 'tag-decrypt': {
      const d = new age.Decrypter();
      d.addIdentity(tagIdentity(req.hybrid, Uint8Array.from(Buffer.from(req.secret, 'hex'))));
      return { data: Buffer.from(await d.decrypt(unarmor(req.data))).toString('base64') };
    }
    default:
      throw new Error('unknown op ' + req.op);
  }
}

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
try {
  process.stdout.write(JSON.stringify(await handle(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
} catch (e) {
  process.stderr.write(String(e && e.message || e) + '\n');
  process.exit(1);
}
