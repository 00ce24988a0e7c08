// Decrypts one armored age file with typage (npm age-encryption, installed by scripts/setup.sh into
// .tools/typage/<version>) and writes the payload to stdout: the peer row of bench/run.sh's pq group.
//   node bench/typage-decrypt.mjs IDENTITY_FILE ARMORED_FILE
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.env.TYPAGE_DIR || join(root, '.tools', 'typage', '0.3.1');
const age = await import(pathToFileURL(join(dir, 'node_modules', 'age-encryption', 'dist', 'index.js')).href);
const identity = readFileSync(process.argv[2], 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
const d = new age.Decrypter();
d.addIdentity(identity);
process.stdout.write(await d.decrypt(age.armor.decode(readFileSync(process.argv[3], 'utf8'))));
